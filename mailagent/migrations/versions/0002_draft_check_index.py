"""Find candidate-feedback work by index: interviews.draft_check_at, feedback_drafts.state

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 01:24:56.272384

A tick used to read every rejected application to find those without a draft; with
100,000 interviews of history that was most of the tick. Now the interviews whose
application needs a look carry ``draft_check_at`` (indexed), and the open drafts are
found through an index on their state. Rejected applications without a draft at the
time of the upgrade get a check at once, so nothing that was waiting is dropped.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_drafts_state"), ["state"], unique=False)

    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft_check_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_interviews_draft_check_at"), ["draft_check_at"], unique=False
        )

    op.execute(
        """
        UPDATE interviews SET draft_check_at = COALESCE(graded_at, held_at)
        WHERE final_decision = 'reject'
          AND NOT EXISTS (
            SELECT 1 FROM feedback_drafts d
            WHERE d.pipeline_id = interviews.pipeline_id
              AND d.candidate_id = interviews.candidate_id
          )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interviews_draft_check_at"))
        batch_op.drop_column("draft_check_at")

    with op.batch_alter_table("feedback_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_drafts_state"))
