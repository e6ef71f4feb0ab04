"""Claude calls: one row per model request, the model and failure kind per assessment,
the prompt fields cut, and a claim on a message while a worker thinks about it

Revision ID: 0005_claude_calls
Revises: 0003
Create Date: 2026-11-30 04:00:00

The dialogue turn no longer holds a transaction while the model answers: the worker
claims the message (``claimed_by``/``claimed_until``), ends the transaction, calls the
model, and records in a new one. Existing rows need no backfill: no claim, no model.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_claude_calls"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("model", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("failure", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("prompt_cut", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.alter_column("prompt_cut", server_default=None)
    op.create_table(
        "claude_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("cache_read_tokens", sa.Integer(), nullable=False),
        sa.Column("cache_write_tokens", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_claude_calls_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claude_calls")),
    )
    with op.batch_alter_table("claude_calls", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claude_calls_assessment_id"), ["assessment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("claude_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claude_calls_assessment_id"))
    op.drop_table("claude_calls")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_column("prompt_cut")
        batch_op.drop_column("failure")
        batch_op.drop_column("model")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("claimed_by")
