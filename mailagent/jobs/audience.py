"""Who a candidate letter speaks to, and whom and what it must not name.

Both the drafting (:mod:`.candidate_feedback`) and the approval thread (:mod:`.approval`,
when the hiring manager sends an edited letter) lint a letter against the same audience:
the candidate's name (said only in the greeting), the colleagues on the interview (never
named to the candidate) and the R2's criterion keys and texts (never quoted as jargon).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.jobs.feedback_lint import Audience
from mailagent.models import Candidate, Interview, Pipeline
from mailagent.r2.store import current_criteria


def audience(session: Session, pipeline_id: str, candidate: Candidate) -> Audience:
    """Whom the letter addresses, and the colleagues and R2 words it must not name."""
    pipeline = session.get(Pipeline, pipeline_id)
    staff = [pipeline.hm_name, pipeline.recruiter_name] if pipeline is not None else []
    staff += [
        name
        for name in session.scalars(
            select(Interview.interviewer_name).where(
                Interview.pipeline_id == pipeline_id, Interview.candidate_id == candidate.id
            )
        )
        if name
    ]
    criteria = current_criteria(session, pipeline_id)
    return Audience(
        names=(candidate.name,),
        staff=tuple(dict.fromkeys(n for n in staff if n)),
        keys=tuple(c.key for c in criteria),
        requirements=tuple(c.text for c in criteria),
    )
