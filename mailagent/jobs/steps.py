"""The steps ``run_tick`` runs after the feedback requests, in this order, then delivery.

Each step is ``(name, fn(app, now) -> JSON-able report)``, opens its own transactions and
finds its due work in the database, so running a tick twice at the same time is harmless.

>>> [name for name, _ in STEPS]
['reminders', 'throttling', 'candidate_feedback', 'digest', 'outbox']
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mailagent.jobs.candidate_feedback import candidate_feedback_step
from mailagent.jobs.digest import digest_step
from mailagent.jobs.reconcile import outbox_step
from mailagent.jobs.reminders import reminders_step
from mailagent.jobs.throttling import throttling_step

if TYPE_CHECKING:
    from mailagent.wiring import App

Step = Callable[["App", datetime], Any]

STEPS: list[tuple[str, Step]] = [
    ("reminders", reminders_step),  # chase ungraded interviews on the cadence
    ("throttling", throttling_step),  # this ISO week's publishing, notices, webhook
    ("candidate_feedback", candidate_feedback_step),  # draft, remind, expire, settle
    ("digest", digest_step),  # each recruiter's weekly insights, once per ISO week
    ("outbox", outbox_step),  # uncertain candidate mail and permanent failures
]
