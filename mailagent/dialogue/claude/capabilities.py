"""What each Claude model family accepts, so the brain picks a request shape that works.

``claude.model`` is free text. A shape the model refuses (a forced ``tool_choice`` on a
model that no longer takes one, a ``strict`` tool on one that predates strict tool use)
is a 400 on every reply, so the shape comes from this table, never from hope::

    >>> capabilities_for("claude-haiku-4-5-20251001").cache_min_tokens
    4096
    >>> capabilities_for("claude-next-7").forced_tool     # unknown: the safest shape
    False

Sources (Anthropic's documentation, checked 2026-11-30):
- structured outputs and strict tool use are generally available for Opus 4.6, Sonnet
  4.6, Sonnet 4.5, Opus 4.5 and Haiku 4.5 (build-with-claude/structured-outputs);
- Sonnet 5.5 answers a forced tool choice with an error (models/sonnet-5-5/overview);
  forced tool use is never compatible with extended thinking (extended-thinking docs);
- minimum cacheable prompt: 4,096 tokens for Opus 4.6/4.5 and Haiku 4.5, 1,024 for
  Sonnet 4.6/4.5, Opus 4.1/4 and Sonnet 4, 2,048 for Haiku 3.5/3 (prompt-caching docs;
  users report 2,048 in practice for Sonnet 4.6, anthropic-sdk-python#1194).

Unknown models get ``tool_choice`` auto, no ``strict`` flag, the largest cache minimum,
and the same validation in code as every other model. A deployment can override or add
families with ``[claude.capabilities."PREFIX"]`` in the settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Capabilities:
    """The request features one model family accepts."""

    # ``tool_choice={"type": "tool", ...}``; otherwise the brain asks with ``auto``.
    forced_tool: bool = False
    # ``strict: true`` on the tool, so the API itself enforces the input schema.
    strict_tools: bool = False
    # ``output_config.format`` (JSON outputs); recorded, not used for the assessment.
    structured_output: bool = False
    # The shortest prefix the API caches for this model, in tokens.
    cache_min_tokens: int = 4096


# Longest prefix first: the first family whose prefix starts the model id wins.
FAMILIES: tuple[tuple[str, Capabilities], ...] = (
    ("claude-sonnet-5", Capabilities(False, True, True, 4096)),
    ("claude-opus-5", Capabilities(False, True, True, 4096)),
    ("claude-opus-4-6", Capabilities(True, True, True, 4096)),
    ("claude-opus-4-5", Capabilities(True, True, True, 4096)),
    ("claude-sonnet-4-6", Capabilities(True, True, True, 1024)),
    ("claude-sonnet-4-5", Capabilities(True, True, True, 1024)),
    ("claude-haiku-4-5", Capabilities(True, True, True, 4096)),
    ("claude-opus-4-1", Capabilities(True, False, False, 1024)),
    ("claude-opus-4", Capabilities(True, False, False, 1024)),
    ("claude-sonnet-4", Capabilities(True, False, False, 1024)),
    ("claude-3-7-sonnet", Capabilities(True, False, False, 1024)),
    ("claude-3-5-haiku", Capabilities(True, False, False, 2048)),
    ("claude-3-haiku", Capabilities(True, False, False, 2048)),
)

UNKNOWN = Capabilities()


def capabilities_for(
    model: str, overrides: Mapping[str, Mapping[str, Any]] | None = None
) -> Capabilities:
    """The capabilities of ``model``: an override for its prefix, else the table, else
    the safest shape. An override names only the fields it changes::

        >>> capabilities_for("claude-sonnet-4-6", {"claude-sonnet-4-6": {"forced_tool": False}})
        ... # doctest: +NORMALIZE_WHITESPACE
        Capabilities(forced_tool=False, strict_tools=True, structured_output=True,
                     cache_min_tokens=1024)
    """
    base = next((caps for prefix, caps in FAMILIES if model.startswith(prefix)), UNKNOWN)
    for prefix in sorted(overrides or {}, key=len, reverse=True):
        if model.startswith(prefix):
            return replace(base, **dict((overrides or {})[prefix]))
    return base
