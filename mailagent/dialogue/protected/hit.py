"""``Hit``: one protected remark the detector found, shared by the detector and its judge."""

from __future__ import annotations

from dataclasses import dataclass

from mailagent.dialogue.brain import ProtectedCategory


@dataclass(frozen=True)
class Hit:
    """One protected remark: its category, exact original span and its sentence."""

    category: ProtectedCategory
    start: int
    end: int
    text: str
    sentence: str
    sentence_start: int
    sentence_end: int
