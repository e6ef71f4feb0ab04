"""The recruiter's page: sign-in links, audit events, escalation reviews, and indexes so
its pages read by index with 100,000 interviews

Revision ID: 0006_web
Revises: 0005_claude_calls
Create Date: 2026-12-01 10:00:00

``web_signins`` holds every sign-in request (rate limits per address and per IP work
across instances) and makes each mailed link single use; ``audit_events`` records what a
person did on the page. Escalations get a review (who, when, a note). The indexes serve
the needs-attention page (this week's exclusions, recent model fallbacks, unreviewed
escalations) and a page of the interviews list (newest first, of all or one pipeline).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_web"
down_revision = "0005_claude_calls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_signins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_signins")),
        sa.UniqueConstraint("nonce", name=op.f("uq_web_signins_nonce")),
    )
    with op.batch_alter_table("web_signins", schema=None) as batch_op:
        batch_op.create_index("ix_web_signins_email_created_at", ["email", "created_at"])
        batch_op.create_index("ix_web_signins_ip_created_at", ["ip", "created_at"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("pipeline_id", sa.String(length=100), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_subject", ["subject"])
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("review_note", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_escalations_reviewed_at"), ["reviewed_at"])
    with op.batch_alter_table("publishing", schema=None) as batch_op:
        batch_op.create_index("ix_publishing_week_status", ["iso_week", "status"])
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index("ix_interviews_held_at_id", ["held_at", "id"])
        batch_op.create_index("ix_interviews_pipeline_held_at_id", ["pipeline_id", "held_at", "id"])
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index("ix_assessments_failure_created_at", ["failure", "created_at"])


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_assessments_failure_created_at")
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index("ix_interviews_pipeline_held_at_id")
        batch_op.drop_index("ix_interviews_held_at_id")
    with op.batch_alter_table("publishing", schema=None) as batch_op:
        batch_op.drop_index("ix_publishing_week_status")
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalations_reviewed_at"))
        batch_op.drop_column("review_note")
        batch_op.drop_column("reviewed_by")
        batch_op.drop_column("reviewed_at")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_subject")
    op.drop_table("audit_events")
    with op.batch_alter_table("web_signins", schema=None) as batch_op:
        batch_op.drop_index("ix_web_signins_ip_created_at")
        batch_op.drop_index("ix_web_signins_email_created_at")
    op.drop_table("web_signins")
