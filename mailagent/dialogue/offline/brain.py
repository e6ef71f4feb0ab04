"""``OfflineBrain``: the rules read the reply, the learned reader refines what they found.

>>> from datetime import date
>>> from mailagent.dialogue.brain import BrainContext
>>> from mailagent.r2.spec import Criterion
>>> ctx = BrainContext(pipeline_title="DevOps", candidate_name="Lee", resume_text="",
...     criteria=(Criterion(key="kubernetes", text="Runs Kubernetes in production."),),
...     reply_text="Has a strong accent.", as_of=date(2025, 6, 1))
>>> a = OfflineBrain().assess(ctx).assessment
>>> [i.value for i in a.issues], [p.category.value for p in a.protected]
(['discriminatory'], ['national_origin'])
"""

from __future__ import annotations

from dataclasses import replace

from mailagent.dialogue.brain import BrainContext, BrainResult
from mailagent.dialogue.offline.reader import LearnedReader
from mailagent.dialogue.offline.refine import refine
from mailagent.dialogue.offline.rules import assess

# How much of a reply the offline brain reads (the Claude brain caps its prompt field too).
MAX_READ_CHARS = 8_000


class OfflineBrain:
    """A deterministic brain. ``phrase`` keeps the templated draft as it is."""

    name = "offline"

    def assess(self, ctx: BrainContext) -> BrainResult:
        # The rules read structure; the learned reader (where its model ships) decides
        # the issues and criteria.
        if len(ctx.reply_text) > MAX_READ_CHARS:
            # Feedback is a few paragraphs; past this it is pasted material, and reading
            # all of it would cost time, not signal. (Protected remarks are looked for in
            # the whole visible text by the engine's gate, not only here.)
            ctx = replace(ctx, reply_text=ctx.reply_text[:MAX_READ_CHARS])
        rules = assess(ctx)
        reader = LearnedReader.load()
        assessment = rules if reader is None else refine(ctx, rules, reader)
        return BrainResult(assessment=assessment, brain=self.name)

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        return draft
