"""The Claude brain: one tool call per reply, a cache that pays, and a visible fallback.

``ClaudeBrain.assess`` sends the reply to the Messages API with the ``record_assessment``
tool (forced and strict where the model takes it, see ``capabilities``), reads only a
validated answer (``validation``), and otherwise assesses the turn with the ``fallback``
brain and says why (an illustration, not a doctest: it needs a context and an API)::

    brain = ClaudeBrain(client=make_client(api_key=None, base_url=None, timeout_s=30),
                        fallback=OfflineBrain())
    result = brain.assess(ctx)
    result.brain, result.failure, result.fallback_reason
    # ('offline', 'configuration', 'claude misconfigured: 401 authentication_error')

Failures come in three kinds, each with its own label in ``fallback_reason``:
``transient`` (429, 408, 409, 5xx, 529, timeouts, connection errors — retried by the
SDK's own rules, then "claude unavailable: …"), ``configuration`` (any other 4xx such as
400, 401, 403, 404, or no credentials — never retried, "claude misconfigured: …", and the
engine tells a person)
and ``answer`` (a refusal, a cut-off or invalid answer — "claude answer rejected: …").
SDK errors are translated here, once; nothing above this package sees an ``anthropic``
exception.
"""

from __future__ import annotations

import logging
import random
import secrets
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import anthropic
import httpx2
from anthropic.types import Message, MessageParam, TextBlockParam, ToolChoiceParam

from mailagent.dialogue.brain import (
    Brain,
    BrainContext,
    BrainResult,
    ModelCall,
    Usage,
)
from mailagent.dialogue.claude import prompt
from mailagent.dialogue.claude.capabilities import Capabilities, capabilities_for
from mailagent.dialogue.claude.validation import checked, lost_questions, tool_input
from mailagent.dialogue.reply_check import check_rewrite
from mailagent.errors import BrainResponseInvalid

log = logging.getLogger(__name__)

# A server asking us to wait longer than this is treated as unavailable for this turn.
MAX_RETRY_AFTER_S = 20.0
# The SDK's own ceiling on one backoff step (``_constants.MAX_RETRY_DELAY``).
MAX_BACKOFF_S = 8.0

Failure = Literal["transient", "configuration", "answer"]
LABELS: dict[Failure, str] = {
    "transient": "claude unavailable",
    "configuration": "claude misconfigured",
    "answer": "claude answer rejected",
}

# Deprecation warnings the SDK raised, logged once per process each.
_warned: set[str] = set()


def make_client(
    *,
    api_key: str | None,
    base_url: str | None,
    timeout_s: float,
    http_client: httpx2.Client | None = None,
) -> anthropic.Anthropic:
    """Build the SDK client with its own retries off: ``ClaudeBrain`` retries and counts
    every attempt (by the SDK's rules, see :func:`should_retry`).

    ``make_client(api_key="sk-…", base_url=None, timeout_s=30).max_retries`` → ``0``.
    """
    return anthropic.Anthropic(
        api_key=api_key,
        base_url=base_url,
        timeout=timeout_s,
        max_retries=0,
        http_client=http_client,
    )


def should_retry(response: httpx2.Response) -> bool:
    """The SDK's rule (``_base_client.SyncAPIClient._should_retry``): obey ``x-should-retry``,
    else retry 408, 409, 429 and 5xx."""
    header = response.headers.get("x-should-retry")
    if header in ("true", "false"):
        return header == "true"
    status = response.status_code
    return status in (408, 409, 429) or status >= 500


def retry_after(response: httpx2.Response) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or ``retry-after``), if any."""
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = response.headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            # An HTTP-date retry-after is rare from this API; fall back to our own backoff.
            return None
    return None


class _Failed(Exception):
    """One attempt's failure, classified."""

    def __init__(self, kind: Failure, reason: str, *, wait_s: float | None = None) -> None:
        super().__init__(reason)
        self.kind: Failure = kind
        self.reason = reason
        self.wait_s = wait_s


@dataclass
class _Meter:
    """The calls of one ``assess`` or ``phrase``, across its attempts."""

    purpose: Literal["assess", "phrase"]
    model: str
    calls: list[ModelCall] = field(default_factory=list)

    def add(self, outcome: str, message: Message | None = None) -> None:
        usage = message.usage if message is not None else None
        self.calls.append(
            ModelCall(
                purpose=self.purpose,
                model=self.model,
                outcome=outcome,
                input_tokens=usage.input_tokens if usage else 0,
                output_tokens=usage.output_tokens if usage else 0,
                cache_read_tokens=(usage.cache_read_input_tokens or 0) if usage else 0,
                cache_write_tokens=(usage.cache_creation_input_tokens or 0) if usage else 0,
            )
        )

    def settle(self, outcome: str) -> None:
        """Rename the last call's outcome once its answer has been judged."""
        if self.calls:
            last = self.calls[-1]
            self.calls[-1] = ModelCall(**{**last.__dict__, "outcome": outcome})

    def usage(self, plus: Usage | None = None) -> Usage:
        extra = plus or Usage()
        return Usage(
            input_tokens=sum(c.input_tokens for c in self.calls) + extra.input_tokens,
            output_tokens=sum(c.output_tokens for c in self.calls) + extra.output_tokens,
            cache_read_tokens=sum(c.cache_read_tokens for c in self.calls)
            + extra.cache_read_tokens,
            cache_write_tokens=sum(c.cache_write_tokens for c in self.calls)
            + extra.cache_write_tokens,
            calls=len(self.calls) + extra.calls,
        )


@dataclass(frozen=True)
class Phrased:
    """A phrasing attempt: the text to send (the draft if the rewrite failed) and its cost."""

    text: str
    calls: tuple[ModelCall, ...] = ()
    rejected: str | None = None


class ClaudeBrain:
    """Assess replies with Claude; fall back to another brain when Claude cannot answer."""

    name = "claude"
    # The engine reads the turn, ends its transaction, then calls ``assess``.
    thinks_remotely = True

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
        cache_ttl: prompt.CacheTTL = "5m",
        capabilities: Capabilities | None = None,
        field_limits: dict[str, int] | None = None,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._client = client
        self.model = model
        self._max_tokens = max_tokens
        self._fallback = fallback
        self._max_attempts = max_attempts
        self._backoff_s = backoff_s
        self._allowed_url_hosts = allowed_url_hosts
        self._sleep = sleep
        self._jitter = jitter
        # The key that makes the cached prefix's fence nonce unguessable yet stable between
        # turns. Workers that share a key (derived from the settings) also share the cache.
        self._nonce_key = nonce_key or secrets.token_bytes(32)
        # ``settings.claude.rephrase``: when off, ``phrase`` keeps every draft without a call.
        self.rephrase = rephrase
        self._ttl: prompt.CacheTTL = cache_ttl
        self.capabilities = capabilities or capabilities_for(model)
        self._limits = {**prompt.FIELD_LIMITS, **(field_limits or {})}
        self._tool = prompt.assessment_tool(strict=self.capabilities.strict_tools)
        self._schema = prompt.assessment_schema()
        self._instructions = prompt.instructions_text(
            tool=self._tool, min_tokens=self.capabilities.cache_min_tokens
        )

    # The public protocol.

    def assess(self, ctx: BrainContext) -> BrainResult:
        """Assess ``ctx.reply_text`` with one tool call, or with the fallback brain."""
        meter = _Meter("assess", self.model)
        cuts = prompt.Cuts(limits=dict(self._limits))
        choice: ToolChoiceParam = (
            {"type": "tool", "name": prompt.TOOL_NAME, "disable_parallel_tool_use": True}
            if self.capabilities.forced_tool
            else {"type": "auto", "disable_parallel_tool_use": True}
        )
        try:
            message = self._create(
                meter,
                system=self._system(ctx, cuts),
                tool_choice=choice,
                text=prompt.turn_text(ctx, nonce=prompt.new_nonce(), cuts=cuts),
            )
            try:
                assessment, _dropped = checked(tool_input(message, self._schema), ctx)
            except BrainResponseInvalid as exc:
                meter.settle(str(exc)[:200])
                raise _Failed("answer", str(exc)) from exc
        except _Failed as failed:
            log.warning(
                "claude brain falls back to %s (%s): %s",
                self._fallback.name,
                failed.kind,
                failed.reason,
            )
            fallen = self._fallback.assess(ctx)
            return BrainResult(
                assessment=fallen.assessment,
                brain=fallen.brain,
                fallback_reason=f"{LABELS[failed.kind]}: {failed.reason}",
                usage=meter.usage(plus=fallen.usage),
                model=self.model,
                failure=failed.kind,
                calls=tuple(meter.calls),
                prompt_cut=tuple(cuts.names),
            )
        return BrainResult(
            assessment=assessment,
            brain=self.name,
            usage=meter.usage(),
            model=self.model,
            calls=tuple(meter.calls),
            prompt_cut=tuple(cuts.names),
        )

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        """Return Claude's more natural wording of ``draft`` if it passes every code check.

        Any failure (Claude unavailable, answer cut off, a check in ``reply_check``, a
        question lost) keeps the draft: ``brain.phrase(ctx, "Thanks, Ken.")`` →
        ``"Thanks, Ken."`` offline. :meth:`phrase_result` also returns the calls' cost.
        """
        return self.phrase_result(ctx, draft).text

    def phrase_result(self, ctx: BrainContext, draft: str) -> Phrased:
        """``phrase`` with the calls it made and why a rewrite was not used."""
        if not self.rephrase:
            return Phrased(draft)
        meter = _Meter("phrase", self.model)
        cuts = prompt.Cuts(limits=dict(self._limits))

        def keep(reason: str) -> Phrased:
            log.info("claude phrase keeps the draft: %s", reason)
            return Phrased(draft, tuple(meter.calls), reason)

        try:
            message = self._create(
                meter,
                system=self._system(ctx, cuts),
                # The tool stays defined (it is part of the cached prefix) but is not used.
                tool_choice={"type": "none"},
                text=prompt.phrase_text(ctx, draft, nonce=prompt.new_nonce(), cuts=cuts),
            )
        except _Failed as failed:
            return keep(failed.reason)
        if message.stop_reason != "end_turn":
            meter.settle(f"stop_reason {message.stop_reason}")
            return keep(f"stop_reason {message.stop_reason}")
        try:
            rewrite = "".join(b.text for b in message.content if b.type == "text").strip()
        except AttributeError:
            # The SDK does not validate responses, so a body of another shape surfaces here.
            return keep("response is not a message")
        problems = check_rewrite(
            draft=draft, rewrite=rewrite, allowed_url_hosts=self._allowed_url_hosts
        ) + lost_questions(draft, rewrite)
        if cuts.names:
            problems.append(f"the draft was cut ({', '.join(cuts.names)})")
        if problems:
            meter.settle("rejected")
            log.warning("claude phrase rejected: %s", "; ".join(problems))
            return Phrased(draft, tuple(meter.calls), "; ".join(problems))
        text = rewrite + "\n" if draft.endswith("\n") else rewrite
        return Phrased(text, tuple(meter.calls))

    # The request, its retries and its error translation.

    def _system(self, ctx: BrainContext, cuts: prompt.Cuts) -> list[TextBlockParam]:
        r2_nonce = prompt.keyed_nonce(
            self._nonce_key,
            ctx.pipeline_title,
            *(f"{c.key}|{c.kind.value}|{c.text}" for c in ctx.criteria),
        )
        return prompt.system_blocks(
            ctx, r2_nonce=r2_nonce, instructions=self._instructions, ttl=self._ttl, cuts=cuts
        )

    def _create(
        self,
        meter: _Meter,
        *,
        system: Sequence[TextBlockParam],
        tool_choice: ToolChoiceParam,
        text: str,
    ) -> Message:
        """Send one request, retrying what the SDK would retry, with its backoff."""
        messages: list[MessageParam] = [
            {"role": "user", "content": [{"type": "text", "text": text}]}
        ]
        last: _Failed | None = None
        for attempt in range(1, self._max_attempts + 1):
            try:
                message = self._attempt(system, tool_choice, messages)
            except _Failed as failed:
                meter.add(failed.reason)
                if failed.kind != "transient":
                    raise
                last = failed
                if failed.wait_s is not None and failed.wait_s > MAX_RETRY_AFTER_S:
                    raise _Failed(
                        "transient", f"{failed.reason}, retry after {failed.wait_s:.0f}s"
                    ) from failed
                if attempt < self._max_attempts:
                    delay = self._delay(attempt, failed.wait_s)
                    log.info(
                        "claude attempt %d failed (%s); retrying in %.2fs",
                        attempt,
                        failed.reason,
                        delay,
                    )
                    self._sleep(delay)
                continue
            meter.add("ok", message)
            return message
        assert last is not None
        raise _Failed("transient", f"{last.reason} after {self._max_attempts} attempts")

    def _delay(self, attempt: int, asked: float | None) -> float:
        """The server's wait if it named one, else the SDK's exponential backoff with up to
        a quarter of jitter (``_base_client._calculate_retry_timeout``)."""
        if asked is not None and asked > 0:
            return asked
        step: float = min(self._backoff_s * 2.0 ** (attempt - 1), MAX_BACKOFF_S)
        return step * (1.0 - 0.25 * float(self._jitter()))

    def _attempt(
        self,
        system: Sequence[TextBlockParam],
        tool_choice: ToolChoiceParam,
        messages: list[MessageParam],
    ) -> Message:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", DeprecationWarning)
                message = self._client.messages.create(
                    model=self.model,
                    max_tokens=self._max_tokens,
                    system=system,
                    tools=[self._tool],
                    tool_choice=tool_choice,
                    messages=messages,
                )
            _log_warnings(caught)
            return message
        except anthropic.APIStatusError as exc:
            reason = f"{exc.status_code} {exc.type or 'error'}"
            if should_retry(exc.response):
                raise _Failed("transient", reason, wait_s=retry_after(exc.response)) from exc
            if 400 <= exc.status_code < 500:
                # A bad key, an unknown model, a request this model does not take: a
                # person must act, and trying again will not help.
                raise _Failed("configuration", f"{reason}: {_message(exc)}") from exc
            raise _Failed("answer", reason) from exc
        except anthropic.APITimeoutError as exc:
            raise _Failed("transient", "timeout") from exc
        except anthropic.APIConnectionError as exc:
            raise _Failed("transient", "connection error") from exc
        except TypeError as exc:
            # With no key anywhere the SDK raises a TypeError while building headers;
            # any other TypeError is a bug of ours and must not pass for an outage.
            if "authentication method" not in str(exc):
                raise
            raise _Failed("configuration", "no API credentials") from exc
        except ValueError as exc:
            # The SDK lets a 200 whose body is not JSON escape as a JSONDecodeError.
            raise _Failed("answer", f"unreadable response: {exc}") from exc
        except anthropic.AnthropicError as exc:
            # Anything else from the SDK (a credentials file it cannot use, a response
            # it cannot read) will not get better by trying again.
            raise _Failed("configuration", f"{type(exc).__name__}: {exc}") from exc


def _message(exc: anthropic.APIStatusError) -> str:
    """The API's own error message, short: ``'model: claude-x not found'``."""
    body: Any = exc.body
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])[:200]
    return str(exc.message)[:200]


def _log_warnings(caught: list[warnings.WarningMessage]) -> None:
    for item in caught:
        text = str(item.message)
        if text not in _warned:
            _warned.add(text)
            log.warning("anthropic SDK: %s", text.splitlines()[0])
