"""The Claude brain: one forced tool call per reply, prompt caching, and an offline fallback.

``ClaudeBrain.assess`` sends the reply to the Messages API with the ``record_assessment``
tool forced, validates the tool input as an :class:`Assessment`, and then checks it in
code: verdict keys must be R2 keys and contradiction evidence must be resume lines. When
Claude stays unavailable (429, 5xx, 529, timeouts, connection errors after
``max_attempts``) or answers with something unusable, the turn is assessed by the
``fallback`` brain instead and the result says so (an illustration, not a doctest: it
needs a context and an overloaded API)::

    brain = ClaudeBrain(client=make_client(api_key=None, base_url=None, timeout_s=30),
                        fallback=OfflineBrain())
    result = brain.assess(ctx)
    result.brain, result.fallback_reason, result.usage.calls
    # ('offline', 'claude unavailable: 529 overloaded_error after 3 attempts', 3)

SDK errors are translated here, once, into ``BrainUnavailable`` (worth retrying) and
``BrainResponseInvalid`` (not); nothing above this module sees an ``anthropic`` exception.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import anthropic
import httpx2
from anthropic.types import Message, MessageParam, TextBlockParam, ToolChoiceParam, ToolParam
from pydantic import ValidationError

from mailagent.dialogue import claude_prompt as prompt
from mailagent.dialogue.brain import (
    Assessment,
    Brain,
    BrainContext,
    BrainResult,
    Contradiction,
    CriterionVerdict,
    Issue,
    Usage,
)
from mailagent.dialogue.reply_check import check_rewrite
from mailagent.errors import BrainResponseInvalid, BrainUnavailable

log = logging.getLogger(__name__)

# A server asking us to wait longer than this is treated as unavailable for this turn.
MAX_RETRY_AFTER_S = 20.0
# Evidence shorter than this must match a whole resume line, not a part of one.
MIN_PARTIAL_EVIDENCE = 12


def make_client(
    *,
    api_key: str | None,
    base_url: str | None,
    timeout_s: float,
    http_client: httpx2.Client | None = None,
) -> anthropic.Anthropic:
    """Build the SDK client with its own retries off: ``ClaudeBrain`` retries and counts.

    ``make_client(api_key="sk-…", base_url=None, timeout_s=30).max_retries`` → ``0``.
    """
    return anthropic.Anthropic(
        api_key=api_key,
        base_url=base_url,
        timeout=timeout_s,
        max_retries=0,
        http_client=http_client,
    )


@dataclass
class _Meter:
    """Token and call counts of one ``assess`` or ``phrase``, across its attempts."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    calls: int = 0

    def add(self, message: Message) -> None:
        usage = message.usage
        self.input_tokens += usage.input_tokens
        self.output_tokens += usage.output_tokens
        self.cache_read_tokens += usage.cache_read_input_tokens or 0
        self.cache_write_tokens += usage.cache_creation_input_tokens or 0

    def usage(self, plus: Usage | None = None) -> Usage:
        extra = plus or Usage()
        return Usage(
            input_tokens=self.input_tokens + extra.input_tokens,
            output_tokens=self.output_tokens + extra.output_tokens,
            cache_read_tokens=self.cache_read_tokens + extra.cache_read_tokens,
            cache_write_tokens=self.cache_write_tokens + extra.cache_write_tokens,
            calls=self.calls + extra.calls,
        )


def _status_reason(exc: anthropic.APIStatusError) -> str:
    return f"{exc.status_code} {exc.type or 'error'}"


def _retry_after(exc: anthropic.APIStatusError) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or ``retry-after``), if any."""
    headers = exc.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            # An HTTP-date retry-after is rare from this API; fall back to our own backoff.
            return None
    return None


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


class ClaudeBrain:
    """Assess replies with Claude; fall back to another brain when Claude cannot answer."""

    name = "claude"

    def __init__(
        self,
        *,
        client: anthropic.Anthropic,
        model: str = "claude-sonnet-4-6",
        max_tokens: int = 1024,
        fallback: Brain,
        max_attempts: int = 3,
        backoff_s: float = 0.5,
        allowed_url_hosts: frozenset[str] = frozenset(),
        sleep: Callable[[float], None] = time.sleep,
        nonce_key: bytes | None = None,
        rephrase: bool = True,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._client = client
        self._model = model
        self._max_tokens = max_tokens
        self._fallback = fallback
        self._max_attempts = max_attempts
        self._backoff_s = backoff_s
        self._allowed_url_hosts = allowed_url_hosts
        self._sleep = sleep
        # The key that makes the cached prefix's fence nonce unguessable yet stable between
        # turns. Workers that share a key (from the settings) also share the cache.
        self._nonce_key = nonce_key or secrets.token_bytes(32)
        # ``settings.claude.rephrase``: when off, ``phrase`` keeps every draft without a call.
        self._rephrase = rephrase
        self._tool: ToolParam = prompt.assessment_tool()

    # The public protocol.

    def assess(self, ctx: BrainContext) -> BrainResult:
        """Assess ``ctx.reply_text`` with one forced tool call, or with the fallback brain."""
        meter = _Meter()
        try:
            message = self._create(
                meter,
                system=self._system(ctx),
                tool_choice={
                    "type": "tool",
                    "name": prompt.TOOL_NAME,
                    "disable_parallel_tool_use": True,
                },
                text=prompt.turn_text(ctx, nonce=prompt.new_nonce()),
            )
            assessment = _checked(_tool_input(message), ctx)
        except (BrainUnavailable, BrainResponseInvalid) as exc:
            log.warning("claude brain falls back to %s: %s", self._fallback.name, exc)
            fallen = self._fallback.assess(ctx)
            return BrainResult(
                assessment=fallen.assessment,
                brain=fallen.brain,
                fallback_reason=f"claude unavailable: {exc}",
                usage=meter.usage(plus=fallen.usage),
            )
        return BrainResult(assessment=assessment, brain=self.name, usage=meter.usage())

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        """Return Claude's more natural wording of ``draft`` if it passes every code check.

        Any failure (Claude unavailable, answer cut off, a check in ``reply_check``) keeps
        the draft: ``brain.phrase(ctx, "Thanks, Ken.")`` → ``"Thanks, Ken."`` offline.
        """
        if not self._rephrase:
            return draft
        meter = _Meter()
        try:
            message = self._create(
                meter,
                system=self._system(ctx),
                # The tool stays defined (it is part of the cached prefix) but is not used.
                tool_choice={"type": "none"},
                text=prompt.phrase_text(ctx, draft, nonce=prompt.new_nonce()),
            )
        except (BrainUnavailable, BrainResponseInvalid) as exc:
            log.info("claude phrase keeps the draft: %s", exc)
            return draft
        if message.stop_reason != "end_turn":
            log.info("claude phrase keeps the draft: stop_reason %s", message.stop_reason)
            return draft
        try:
            rewrite = "".join(b.text for b in message.content if b.type == "text").strip()
        except AttributeError:
            # The SDK does not validate responses, so a body of another shape surfaces here.
            return draft
        problems = check_rewrite(
            draft=draft, rewrite=rewrite, allowed_url_hosts=self._allowed_url_hosts
        )
        if problems:
            log.warning("claude phrase rejected: %s", "; ".join(problems))
            return draft
        return rewrite + "\n" if draft.endswith("\n") else rewrite

    # The API call, its retries and its error translation.

    def _system(self, ctx: BrainContext) -> list[TextBlockParam]:
        prefix_nonce = prompt.keyed_nonce(
            self._nonce_key,
            ctx.pipeline_title,
            ctx.candidate_name,
            ctx.resume_text,
            *(f"{c.key}|{c.kind.value}|{c.text}" for c in ctx.criteria),
        )
        return prompt.system_blocks(ctx, prefix_nonce=prefix_nonce)

    def _create(
        self,
        meter: _Meter,
        *,
        system: Sequence[TextBlockParam],
        tool_choice: ToolChoiceParam,
        text: str,
    ) -> Message:
        """Send one request, retrying transient failures with exponential backoff."""
        messages: list[MessageParam] = [
            {"role": "user", "content": [{"type": "text", "text": text}]}
        ]
        failure: Exception | None = None
        reason = ""
        for attempt in range(1, self._max_attempts + 1):
            meter.calls += 1
            delay = self._backoff_s * 2 ** (attempt - 1)
            try:
                message = self._client.messages.create(
                    model=self._model,
                    max_tokens=self._max_tokens,
                    system=system,
                    tools=[self._tool],
                    tool_choice=tool_choice,
                    messages=messages,
                )
            except anthropic.APIStatusError as exc:
                if not _retryable(exc.status_code):
                    raise BrainResponseInvalid(_status_reason(exc)) from exc
                failure, reason = exc, _status_reason(exc)
                asked = _retry_after(exc)
                if asked is not None:
                    if asked > MAX_RETRY_AFTER_S:
                        raise BrainUnavailable(f"{reason}, retry after {asked:.0f}s") from exc
                    delay = max(delay, asked)
            except anthropic.APITimeoutError as exc:
                failure, reason = exc, "timeout"
            except anthropic.APIConnectionError as exc:
                failure, reason = exc, "connection error"
            except TypeError as exc:
                # With no key anywhere the SDK raises a TypeError while building headers;
                # any other TypeError is a bug of ours and must not pass for an outage.
                if "authentication method" not in str(exc):
                    raise
                raise BrainResponseInvalid("no API credentials") from exc
            except ValueError as exc:
                # The SDK lets a 200 whose body is not JSON escape as a JSONDecodeError.
                raise BrainResponseInvalid(f"unreadable response: {exc}") from exc
            except anthropic.AnthropicError as exc:
                # Anything else from the SDK (a credentials file it cannot use, a response
                # it cannot read) will not get better by trying again.
                raise BrainResponseInvalid(f"{type(exc).__name__}: {exc}") from exc
            else:
                meter.add(message)
                return message
            if attempt < self._max_attempts:
                log.info("claude attempt %d failed (%s); retrying in %.2fs", attempt, reason, delay)
                self._sleep(delay)
        raise BrainUnavailable(f"{reason} after {self._max_attempts} attempts") from failure


# Reading and checking the answer.


def _tool_input(message: Message) -> Assessment:
    """The validated ``record_assessment`` input of ``message``."""
    if message.stop_reason == "max_tokens":
        raise BrainResponseInvalid("answer cut off at max_tokens")
    try:
        calls = [b for b in message.content if b.type == "tool_use" and b.name == prompt.TOOL_NAME]
    except AttributeError as exc:
        # The SDK does not validate responses, so a body of another shape surfaces here.
        raise BrainResponseInvalid("response is not a message") from exc
    if len(calls) != 1:
        raise BrainResponseInvalid(f"expected one {prompt.TOOL_NAME} call, got {len(calls)}")
    try:
        return Assessment.model_validate(calls[0].input)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "input"
        raise BrainResponseInvalid(f"invalid tool input at {where}: {first['msg']}") from exc


_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


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


def _checked(assessment: Assessment, ctx: BrainContext) -> Assessment:
    """Keep only what code can vouch for: R2 keys, and evidence that is in the resume."""
    keys = {c.key for c in ctx.criteria}
    dropped: list[str] = []
    verdicts: list[CriterionVerdict] = []
    seen: set[str] = set()
    for verdict in assessment.verdicts:
        if verdict.key not in keys or verdict.key in seen:
            dropped.append(f"verdict {verdict.key!r}")
            continue
        seen.add(verdict.key)
        verdicts.append(verdict)
    contradictions: list[Contradiction] = []
    for item in assessment.contradictions:
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
    issues = list(dict.fromkeys(assessment.issues))
    if not contradictions and Issue.CONTRADICTS_RESUME in issues:
        # A contradiction the resume does not show is not one we can put to the HM.
        issues.remove(Issue.CONTRADICTS_RESUME)
        dropped.append("issue 'contradicts_resume'")
    retracted = [k for k in assessment.retracted if k in keys]
    if dropped:
        log.info("claude assessment: dropped %s", ", ".join(dropped))
    update: dict[str, Any] = {
        "verdicts": verdicts,
        "contradictions": contradictions,
        "issues": issues,
        "retracted": retracted,
    }
    return assessment.model_copy(update=update)
