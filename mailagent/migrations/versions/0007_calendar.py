"""Calendar invitations: events learned from iMIP mail, attendees' answers, and the
event an interview was booked from

Revision ID: 0007_calendar
Revises: 0006_web
Create Date: 2026-11-30 06:20:00

Existing interviews were imported from CSV: they have no event (``calendar_event_id`` is
NULL), so nothing needs a backfill. The new interview and thread states (``cancelled``)
are plain strings in the existing columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_calendar"
down_revision = "0006_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=500), nullable=False),
        sa.Column("recurrence_id", sa.String(length=40), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("dtstamp", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("organizer", sa.String(length=320), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pipeline_id", sa.String(length=100), nullable=True),
        sa.Column("candidate_id", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("message_row_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_calendar_events_candidate_id_candidates"),
        ),
        sa.ForeignKeyConstraint(
            ["pipeline_id"],
            ["pipelines.id"],
            name=op.f("fk_calendar_events_pipeline_id_pipelines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_events")),
        sa.UniqueConstraint("uid", "recurrence_id", name="uq_calendar_events_key"),
    )
    with op.batch_alter_table("calendar_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_events_ends_at"), ["ends_at"], unique=False)
    op.create_table(
        "calendar_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("partstat", sa.String(length=32), nullable=False),
        sa.Column("proposed_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_row_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["calendar_events.id"],
            name=op.f("fk_calendar_attendance_event_id_calendar_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_attendance")),
        sa.UniqueConstraint("event_id", "address", name="uq_calendar_attendance_event_address"),
    )
    with op.batch_alter_table("calendar_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_attendance_event_id"), ["event_id"], unique=False
        )
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_event_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_interviews_calendar_event_id"), ["calendar_event_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_interviews_calendar_event_id_calendar_events"),
            "calendar_events",
            ["calendar_event_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_interviews_calendar_event_id_calendar_events"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_interviews_calendar_event_id"))
        batch_op.drop_column("calendar_event_id")
    with op.batch_alter_table("calendar_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_attendance_event_id"))
    op.drop_table("calendar_attendance")
    with op.batch_alter_table("calendar_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_events_ends_at"))
    op.drop_table("calendar_events")
