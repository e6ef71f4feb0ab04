"""Indexes for the throttling and digest steps: a tick stays flat with 100,000 interviews

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 02:05:00

With two in three interviews graded history, SQLite answered throttling's "waiting
interviews of this pipeline held over 7 days ago" through the (pipeline, candidate)
index, reading every interview of the pipeline, and the digest's "anything graded this
week?" by reading them all too.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interviews_pipeline_state_held_at",
            ["pipeline_id", "state", "held_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_interviews_graded_at"), ["graded_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interviews_graded_at"))
        batch_op.drop_index("ix_interviews_pipeline_state_held_at")
