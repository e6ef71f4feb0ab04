"""The fake Messages API answers like the real one where the Claude brain depends on it."""

from __future__ import annotations

from typing import Any

import anthropic
import pytest
from anthropic.types import Message

from tests.fakes.anthropic_server import FakeAnthropic

SCHEMA: dict[str, Any] = {"type": "object", "properties": {}}


def _ask(client: anthropic.Anthropic, system_text: str, **extra: Any) -> Message:
    message: Message = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=64,
        system=[{"type": "text", "text": system_text, "cache_control": {"type": "ephemeral"}}],
        messages=[{"role": "user", "content": "Hello"}],
        **extra,
    )
    return message


def test_a_forced_tool_that_does_not_exist_is_a_bad_request(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    with pytest.raises(anthropic.BadRequestError, match="no tool named 'missing'"):
        _ask(
            anthropic_client,
            "Be brief.",
            tools=[{"name": "record", "input_schema": SCHEMA}],
            tool_choice={"type": "tool", "name": "missing"},
        )


def test_only_a_long_enough_prefix_is_cached(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    for _ in range(4):
        fake_anthropic.reply_text("Hi.")
    short, long = "Be brief.", "Be brief. " * 600

    usages = [_ask(anthropic_client, text).usage for text in (short, short, long, long)]

    assert [u.cache_read_input_tokens for u in usages] == [
        0,
        0,
        0,
        usages[2].cache_creation_input_tokens,
    ]
    assert usages[0].cache_creation_input_tokens == 0
    assert (usages[2].cache_creation_input_tokens or 0) >= 1024


def test_rate_limits_and_overloads_are_the_sdk_s_own_errors(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.rate_limited(retry_after=3)
    fake_anthropic.overloaded()

    with pytest.raises(anthropic.RateLimitError) as limited:
        _ask(anthropic_client, "Be brief.")
    with pytest.raises(anthropic.OverloadedError):
        _ask(anthropic_client, "Be brief.")

    assert limited.value.response.headers["retry-after"] == "3"
    assert limited.value.type == "rate_limit_error"
