"""A brain that records what another brain concluded on each turn.

Used to run the Claude brain on the scenario corpora against the fake Messages API (the
eval tests and the LLM-cost benchmark): a first pass with the offline brain records each
turn's assessment as the tool input Claude would return; the fake server then answers
each call with it, so the conversation takes the same path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mailagent.dialogue.brain import Brain, BrainContext, BrainResult
from mailagent.dialogue.offline.brain import OfflineBrain


@dataclass
class RecordingBrain:
    inner: Brain = field(default_factory=OfflineBrain)
    seen: list[dict[str, Any]] = field(default_factory=list)
    name: str = "offline"

    def assess(self, ctx: BrainContext) -> BrainResult:
        result = self.inner.assess(ctx)
        self.seen.append(result.assessment.model_dump(mode="json"))
        return result

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        return draft
