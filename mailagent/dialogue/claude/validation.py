"""Reading and checking Claude's answer: a validated assessment, or none.

Only a message that stopped at ``tool_use`` with exactly one ``record_assessment`` call
whose input passes the strict schema is read at all (a ``refusal``, a cut-off answer or a
text answer is not an assessment). Then code keeps only what it can vouch for:

- verdicts on R2 keys, each quoting words that occur in the reply (whitespace, case and
  typographic quotes aside);
- contradictions whose evidence is copied from resume lines;
- protected remarks reconciled both ways: a ``protected`` entry always comes with the
  ``discriminatory`` issue and the reverse; no verdict quote, contradiction claim or
  summary that holds a protected remark is kept;
- an answer left with nothing usable is no answer (the caller falls back).

    >>> quote_in("I doubt   she knows Go…", "Honestly, I doubt she knows Go. Reject.")
    True
"""

from __future__ import annotations

import logging
import re
from typing import Any

from anthropic.types import Message
from pydantic import ValidationError

from mailagent.dialogue.brain import (
    Assessment,
    BrainContext,
    Contradiction,
    CriterionVerdict,
    Issue,
)
from mailagent.dialogue.claude.prompt import TOOL_NAME
from mailagent.errors import BrainResponseInvalid

log = logging.getLogger(__name__)

# Evidence shorter than this must match a whole resume line, not a part of one.
MIN_PARTIAL_EVIDENCE = 12

_SPACES = re.compile(r"\s+")
_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _loose(text: str) -> str:
    """Whitespace runs as one space, case folded, typographic quotes made plain."""
    return _norm(text.translate(_TYPOGRAPHIC)).casefold()


def quote_in(quote: str, text: str) -> bool:
    """Whether every part of ``quote`` (parts split at an ellipsis) occurs in ``text``."""
    haystack = _loose(text)
    parts = [p.strip(" \"'") for p in _ELLIPSIS.split(_loose(quote))]
    parts = [p for p in parts if p]
    return bool(parts) and all(p in haystack for p in parts)


def resume_line_for(evidence: str, resume_text: str) -> str | None:
    """The resume line that ``evidence`` quotes verbatim, or ``None``.

    Whitespace runs count as one space. A whole line matches; so does a verbatim part of one
    line of at least 12 characters, which is widened to its whole line::

        >>> resume_line_for("Terraform modules for VPCs", "- Wrote Terraform modules for VPCs.")
        '- Wrote Terraform modules for VPCs.'
    """
    wanted = _norm(evidence.removeprefix(">").strip().strip("\"'“”"))
    if not wanted:
        return None
    lines = [_norm(line) for line in resume_text.splitlines() if line.strip()]
    if wanted in lines:
        return wanted
    if len(wanted) >= MIN_PARTIAL_EVIDENCE:
        return next((line for line in lines if wanted in line), None)
    return None


# The strict schema, checked in code too: models without strict tool use (and a proxy
# that drops the flag) get the same guarantee.


def schema_problem(value: Any, schema: dict[str, Any], where: str = "input") -> str | None:
    """The first way ``value`` breaks ``schema`` (the subset ``assessment_schema`` uses)::

    >>> schema_problem({"a": 1}, {"type": "object", "properties": {}, "required": [],
    ...                           "additionalProperties": False})
    "input: unexpected field 'a'"
    """
    if "anyOf" in schema:
        options = [schema_problem(value, option, where) for option in schema["anyOf"]]
        return None if None in options else options[0]
    if "enum" in schema:
        return None if value in schema["enum"] else f"{where}: {value!r} is not allowed"
    kind = schema.get("type")
    if kind == "null":
        return None if value is None else f"{where}: expected null"
    if kind == "string":
        return None if isinstance(value, str) else f"{where}: expected a string"
    if kind == "boolean":
        return None if isinstance(value, bool) else f"{where}: expected true or false"
    if kind == "array":
        if not isinstance(value, list):
            return f"{where}: expected a list"
        items = schema.get("items", {})
        for i, item in enumerate(value):
            if problem := schema_problem(item, items, f"{where}.{i}"):
                return problem
        return None
    if kind == "object":
        if not isinstance(value, dict):
            return f"{where}: expected an object"
        properties: dict[str, Any] = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                return f"{where}: missing field {name!r}"
        for name, item in value.items():
            if name not in properties:
                if schema.get("additionalProperties") is False:
                    return f"{where}: unexpected field {name!r}"
                continue
            if problem := schema_problem(item, properties[name], f"{where}.{name}"):
                return problem
        return None
    return None


def tool_input(message: Message, schema: dict[str, Any]) -> Assessment:
    """The ``record_assessment`` input of a message that stopped to call it, validated."""
    try:
        stop = message.stop_reason
        calls = [b for b in message.content if b.type == "tool_use" and b.name == TOOL_NAME]
    except AttributeError as exc:
        # The SDK does not validate responses, so a body of another shape surfaces here.
        raise BrainResponseInvalid("response is not a message") from exc
    if stop != "tool_use":
        raise BrainResponseInvalid(f"stop_reason {stop}")
    if len(calls) != 1:
        raise BrainResponseInvalid(f"expected one {TOOL_NAME} call, got {len(calls)}")
    raw = calls[0].input
    if problem := schema_problem(raw, schema):
        raise BrainResponseInvalid(f"invalid tool input at {problem}")
    try:
        return Assessment.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "input"
        raise BrainResponseInvalid(f"invalid tool input at {where}: {first['msg']}") from exc


def _overlaps(text: str, remarks: list[str]) -> bool:
    loose = _loose(text)
    return any(r and (r in loose or loose in r) for r in remarks) if loose else False


def checked(assessment: Assessment, ctx: BrainContext) -> tuple[Assessment, list[str]]:
    """Keep only what code can vouch for; return it with what was dropped.

    Raises ``BrainResponseInvalid`` when nothing usable is left.
    """
    keys = {c.key for c in ctx.criteria}
    dropped: list[str] = []
    issues = list(dict.fromkeys(assessment.issues))
    protected = list(assessment.protected)
    # Reconcile the two protected fields: either one makes the reply discriminatory.
    if protected and Issue.DISCRIMINATORY not in issues:
        issues.append(Issue.DISCRIMINATORY)
        dropped.append("missing issue 'discriminatory' added")
    remarks = [_loose(p.quote) for p in protected if p.quote.strip()]
    # The issue without the remark: code cannot tell which words are the remark, so no
    # quoted words of this reply are kept at all.
    unlocated = Issue.DISCRIMINATORY in issues and not remarks

    verdicts: list[CriterionVerdict] = []
    seen: set[str] = set()
    for verdict in assessment.verdicts:
        label = f"verdict {verdict.key!r}"
        if verdict.key not in keys or verdict.key in seen:
            dropped.append(label)
        elif not quote_in(verdict.quote, ctx.reply_text):
            dropped.append(f"{label}: quote not in the reply")
        elif unlocated or _overlaps(verdict.quote, remarks):
            dropped.append(f"{label}: quote holds a protected remark")
        else:
            seen.add(verdict.key)
            verdicts.append(verdict)

    contradictions: list[Contradiction] = []
    for item in assessment.contradictions:
        if unlocated or _overlaps(item.claim, remarks):
            dropped.append("contradiction: claim holds a protected remark")
            continue
        evidence: list[str] = []
        for quote in item.evidence:
            line = resume_line_for(quote, ctx.resume_text)
            if line is None:
                dropped.append(f"evidence {quote[:40]!r}")
            elif line not in evidence:
                evidence.append(line)
        if not evidence:
            dropped.append(f"contradiction {item.claim[:40]!r}")
            continue
        criterion = item.criterion if item.criterion in keys else None
        contradictions.append(
            item.model_copy(update={"evidence": evidence, "criterion": criterion})
        )
    if not contradictions and Issue.CONTRADICTS_RESUME in issues:
        # A contradiction the resume does not show is not one we can put to the HM.
        issues.remove(Issue.CONTRADICTS_RESUME)
        dropped.append("issue 'contradicts_resume'")
    summary = assessment.summary
    if summary and (unlocated or protected):
        summary = ""
    retracted = [k for k in dict.fromkeys(assessment.retracted) if k in keys]
    off_r2 = [r for r in assessment.off_r2 if r.strip()]
    result = assessment.model_copy(
        update={
            "verdicts": verdicts,
            "contradictions": contradictions,
            "issues": issues,
            "retracted": retracted,
            "off_r2": off_r2,
            "summary": summary,
        }
    )
    if dropped:
        log.info("claude assessment: dropped %s", ", ".join(dropped))
    if not usable(result):
        raise BrainResponseInvalid(
            "no usable content" + (f" (dropped {', '.join(dropped)})" if dropped else "")
        )
    return result, dropped


def usable(assessment: Assessment) -> bool:
    """Whether an assessment says anything a move can rest on."""
    return bool(
        assessment.verdicts
        or assessment.issues
        or assessment.off_r2
        or assessment.contradictions
        or assessment.protected
        or assessment.decision is not None
        or assessment.amendment_answer is not None
        or assessment.retracted
    )


_QUESTION = re.compile(r"\?(?=\s|$)")


def lost_questions(draft: str, rewrite: str) -> list[str]:
    """Problems if the rewrite asks fewer questions than the draft::

    >>> lost_questions("Which AWS services? And Terraform?", "Tell me about AWS.")
    ['the rewrite asks 0 of the 2 questions']
    """
    asked, kept = len(_QUESTION.findall(draft)), len(_QUESTION.findall(rewrite))
    return [f"the rewrite asks {kept} of the {asked} questions"] if kept < asked else []
