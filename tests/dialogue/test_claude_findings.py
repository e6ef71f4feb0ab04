"""Issue #14, at the brain: only checked answers count, the request fits the model, the
cache pays across a pipeline, and every failure says what kind it is."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

import anthropic
import pytest

from mailagent.app import nonce_key
from mailagent.dialogue.brain import Issue, ProtectedCategory
from mailagent.dialogue.claude import ClaudeBrain, make_client
from mailagent.dialogue.claude.capabilities import capabilities_for
from tests.dialogue.claude_helpers import (
    RESUME,
    FallbackBrain,
    Sleeps,
    brain,
    context,
    record,
)
from tests.fakes.anthropic_server import FakeAnthropic, Scripted, running_fake_anthropic

# 1. Refusals and partial answers.


def test_a_refusal_is_not_an_assessment(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.refuse()
    fallback = FallbackBrain()

    result = brain(anthropic_client, fallback=fallback).assess(context())

    assert result.brain == "offline" and fallback.seen
    assert result.failure == "answer"
    assert result.fallback_reason == "claude answer rejected: stop_reason refusal"
    assert [c.outcome for c in result.calls] == ["stop_reason refusal"]


def test_a_partial_tool_input_is_not_an_assessment(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_tool_use({"issues": ["vague"]})
    fake_anthropic.reply_tool_use({**record(issues=["vague"]), "approve": True})

    claude = brain(anthropic_client)
    partial, extra = claude.assess(context()), claude.assess(context())

    assert partial.fallback_reason == (
        "claude answer rejected: invalid tool input at input: missing field 'verdicts'"
    )
    assert extra.fallback_reason == (
        "claude answer rejected: invalid tool input at input: unexpected field 'approve'"
    )


def test_an_answer_with_nothing_usable_left_falls_back(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    # Every field present, but the one verdict quotes words the HM never wrote.
    fake_anthropic.reply_tool_use(
        record(verdicts=[{"key": "aws", "verdict": "met", "quote": "Great AWS depth"}])
    )

    result = brain(anthropic_client).assess(context())

    assert result.brain == "offline"
    assert result.fallback_reason is not None
    assert result.fallback_reason.startswith("claude answer rejected: no usable content")


def test_the_tool_schema_is_strict_and_closed(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_tool_use(record(issues=["useless"]))

    brain(anthropic_client).assess(context("Not a fit."))

    [tool] = fake_anthropic.requests[0].body["tools"]
    schema = tool["input_schema"]
    assert tool["strict"] is True
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(schema["properties"])
    verdict = schema["properties"]["verdicts"]["items"]
    assert verdict["additionalProperties"] is False
    assert set(verdict["required"]) == {"key", "verdict", "quote", "specific"}
    assert {"type": "null"} in schema["properties"]["decision"]["anyOf"]


# 2. Protected remarks reconciled both ways.


def test_a_protected_remark_without_the_issue_still_escalates(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    reply = "She is 58, probably slow to learn. Kubernetes was fine."
    fake_anthropic.reply_tool_use(
        record(
            verdicts=[{"key": "kubernetes", "verdict": "met", "quote": "Kubernetes was fine"}],
            issues=["vague"],
            protected=[{"category": "age", "quote": "She is 58"}],
        )
    )

    assessment = brain(anthropic_client).assess(context(reply)).assessment

    assert Issue.DISCRIMINATORY in assessment.issues
    assert [p.category for p in assessment.protected] == [ProtectedCategory.AGE]


def test_the_issue_without_the_remark_keeps_no_quote_of_the_reply(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    reply = "She is 58, probably slow to pick up Terraform. Reject."
    fake_anthropic.reply_tool_use(
        record(
            verdicts=[
                {
                    "key": "terraform",
                    "verdict": "not_met",
                    "quote": "She is 58, probably slow to pick up Terraform",
                }
            ],
            issues=["discriminatory"],
            decision="reject",
            summary="She is 58, probably slow.",
        )
    )

    assessment = brain(anthropic_client).assess(context(reply)).assessment

    assert assessment.issues == [Issue.DISCRIMINATORY]
    assert assessment.verdicts == [] and assessment.summary == ""
    assert "58" not in assessment.model_dump_json()


def test_a_quote_that_holds_a_protected_remark_is_dropped(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    reply = "Too old for on-call, honestly. Her AWS work on EKS was solid."
    fake_anthropic.reply_tool_use(
        record(
            verdicts=[
                {"key": "aws", "verdict": "met", "quote": "Her AWS work on EKS was solid"},
                {
                    "key": "incident_response",
                    "verdict": "not_met",
                    "quote": "Too old for on-call, honestly",
                },
            ],
            issues=["discriminatory"],
            protected=[{"category": "age", "quote": "Too old for on-call"}],
        )
    )

    assessment = brain(anthropic_client).assess(context(reply)).assessment

    assert assessment.criteria == ["aws"]


# 3. Invented quotes.


def test_an_invented_quote_is_dropped_and_a_real_one_kept(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    reply = "Her Kubernetes\n  upgrades were   impressive. AWS: didn’t come up."
    fake_anthropic.reply_tool_use(
        record(
            verdicts=[
                # Whitespace and typographic apostrophes aside, these are her words.
                {
                    "key": "kubernetes",
                    "verdict": "met",
                    "quote": "Her Kubernetes upgrades were impressive",
                },
                {"key": "aws", "verdict": "not_met", "quote": "She has never touched AWS"},
            ],
            issues=["vague"],
        )
    )

    assessment = brain(anthropic_client).assess(context(reply)).assessment

    assert assessment.criteria == ["kubernetes"]


# 4. A cache that pays across the pipeline, with the real cache's lifetimes.


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@pytest.mark.parametrize(("ttl", "read"), [("1h", True), ("5m", False)])
def test_a_reply_half_an_hour_later_reads_the_cache_only_with_a_one_hour_ttl(
    ttl: str, read: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    clock = Clock()
    with running_fake_anthropic(clock=clock, default_answer=record(issues=["useless"])) as fake:
        client = make_client(api_key="test", base_url=fake.url, timeout_s=5)
        claude = brain(client, cache_ttl=ttl)
        first = claude.assess(context("Not a fit."))
        clock.t += 30 * 60
        # Another candidate of the same pipeline, a day later by the calendar.
        later = replace(
            context("Not a fit either.", resume="Dan Miller\n- Java.", candidate="Dan"),
            as_of=context().as_of.replace(day=24),
        )
        second = claude.assess(later)
        client.close()

    assert first.usage.cache_write_tokens > 1024
    marker = fake.requests[0].system_blocks()[0]["cache_control"]
    assert marker == {"type": "ephemeral", "ttl": ttl}
    if read:
        assert second.usage.cache_read_tokens == first.usage.cache_write_tokens
        assert second.usage.cache_write_tokens == 0
    else:
        assert second.usage.cache_read_tokens == 0


def test_the_prefix_clears_a_larger_cache_minimum_with_worked_examples(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with running_fake_anthropic(
        min_cache_tokens=2048, default_answer=record(issues=["useless"])
    ) as fake:
        client = make_client(api_key="test", base_url=fake.url, timeout_s=5)
        caps = replace(capabilities_for("claude-sonnet-4-6"), cache_min_tokens=2048)
        claude = brain(client, capabilities=caps)
        first = claude.assess(context("Not a fit."))
        client.close()

    assert "Example 1." in fake.requests[0].system_blocks()[0]["text"]
    assert first.usage.cache_write_tokens >= 2048


# 5. The request shape follows the model.


def test_a_model_that_refuses_forced_tool_use_is_asked_with_auto(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_tool_use(record(issues=["useless"]))

    result = brain(anthropic_client, model="claude-sonnet-5-5").assess(context("Not a fit."))

    assert result.brain == "claude", result.fallback_reason
    body = fake_anthropic.requests[0].body
    assert body["tool_choice"]["type"] == "auto"


def test_an_unknown_model_gets_the_safest_shape(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_tool_use(record(issues=["useless"]))

    result = brain(anthropic_client, model="claude-next-9").assess(context("Not a fit."))

    assert result.brain == "claude" and result.model == "claude-next-9"
    body = fake_anthropic.requests[0].body
    assert body["tool_choice"]["type"] == "auto"
    assert "strict" not in body["tools"][0]


def test_capabilities_can_be_overridden_by_prefix() -> None:
    caps = capabilities_for(
        "claude-sonnet-4-6-20260301", {"claude-sonnet-4-6": {"forced_tool": False}}
    )
    assert caps.forced_tool is False and caps.strict_tools is True


# 6. Configuration errors are told apart from outages.


@pytest.mark.parametrize(
    ("status", "kind"),
    [(401, "authentication_error"), (403, "permission_error"), (404, "not_found_error")],
)
def test_a_configuration_error_is_not_retried_and_says_so(
    status: int, kind: str, fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_error(status, kind, "no")
    sleeps = Sleeps()

    result = brain(anthropic_client, sleeps=sleeps).assess(context())

    assert result.failure == "configuration"
    assert result.fallback_reason == f"claude misconfigured: {status} {kind}: no"
    assert sleeps.delays == [] and result.usage.calls == 1


def test_an_unknown_model_is_a_configuration_error(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    result = brain(anthropic_client, model="claude-no-such-model").assess(context())

    assert result.failure == "configuration"
    assert result.fallback_reason == (
        "claude misconfigured: 404 not_found_error: model: claude-no-such-model"
    )


# 8. Retries by the SDK's rules, token counts, caps, questions, keys, warnings.


def test_408_and_409_are_retried_like_the_sdk_does(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_error(408, "timeout_error", "slow")
    fake_anthropic.reply_error(409, "conflict_error", "lock")
    fake_anthropic.reply_tool_use(record(issues=["useless"]))
    sleeps = Sleeps()

    result = brain(anthropic_client, sleeps=sleeps).assess(context("Not a fit."))

    assert result.brain == "claude" and result.usage.calls == 3
    assert sleeps.delays == [0.5, 1.0]


def test_x_should_retry_is_obeyed_both_ways(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_error(
        400, "invalid_request_error", "later", headers={"x-should-retry": "true"}
    )
    fake_anthropic.reply_tool_use(record(issues=["useless"]))
    fake_anthropic.reply_error(500, "api_error", "broken", headers={"x-should-retry": "false"})
    claude = brain(anthropic_client)

    retried = claude.assess(context("Not a fit."))
    given_up = claude.assess(context("Not a fit."))

    assert retried.brain == "claude" and retried.usage.calls == 2
    assert given_up.usage.calls == 1 and given_up.brain == "offline"


def test_backoff_has_the_sdks_jitter(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.overloaded()
    fake_anthropic.reply_tool_use(record(issues=["useless"]))
    sleeps = Sleeps()
    claude = ClaudeBrain(
        client=anthropic_client, fallback=FallbackBrain(), sleep=sleeps, jitter=lambda: 1.0
    )

    claude.assess(context("Not a fit."))

    assert sleeps.delays == [0.375]


def test_phrase_keeps_its_token_counts(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    draft = "Hi Ken,\n\nWhich AWS services did she use?\n"
    fake_anthropic.reply_text("Hi Ken,\n\nWhich AWS services has she worked with?")

    phrased = brain(anthropic_client).phrase_result(context(), draft)

    [call] = phrased.calls
    assert call.purpose == "phrase" and call.outcome == "ok"
    assert call.input_tokens + call.cache_write_tokens + call.cache_read_tokens > 1000
    assert call.output_tokens > 0


def test_a_rewrite_that_drops_a_question_keeps_the_draft(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    draft = "Hi Ken,\n\nWhich AWS services did she use? And what about Terraform?\n"
    fake_anthropic.reply_text("Hi Ken,\n\nTell me about AWS.")

    phrased = brain(anthropic_client).phrase_result(context(), draft)

    assert phrased.text == draft
    assert phrased.rejected == "the rewrite asks 0 of the 2 questions"


def test_long_fields_are_capped_and_the_cut_is_named(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    reply = "Not a fit. " + "blah " * 4000
    fake_anthropic.reply_tool_use(record(issues=["useless"]))

    result = brain(anthropic_client).assess(context(reply, resume=RESUME + "x" * 30_000))

    assert result.prompt_cut == ("resume", "reply")
    text = fake_anthropic.requests[0].user_text()
    assert len(text) < 8_000 + 20_000 + 3_000
    assert re.search(r"\[… \d+ characters cut …\]", text)


def test_the_fence_nonce_key_is_not_the_reply_token_secret() -> None:
    secret = "test-secret-0123456789abcdef"
    assert nonce_key(secret) != secret.encode()
    assert len(nonce_key(secret)) == 32


def test_an_sdk_deprecation_warning_is_logged_once_not_raised(
    fake_anthropic: FakeAnthropic,
    anthropic_client: anthropic.Anthropic,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for _ in range(2):
        fake_anthropic.reply_tool_use(record(issues=["useless"]))
    claude = brain(anthropic_client, model="claude-sonnet-4-5")

    with caplog.at_level(logging.WARNING, logger="mailagent.dialogue.claude.client"):
        results = [claude.assess(context("Not a fit.")) for _ in range(2)]

    assert [r.brain for r in results] == ["claude", "claude"]
    warned = [r for r in caplog.records if "deprecated" in r.getMessage()]
    assert len(warned) <= 1


def test_a_cut_off_tool_call_is_not_an_assessment(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    block = {
        "type": "tool_use",
        "id": "toolu_x",
        "name": "record_assessment",
        "input": record(
            verdicts=[{"key": "terraform", "verdict": "not_met", "quote": "No Terraform"}]
        ),
    }
    fake_anthropic.push(Scripted(200, {"content": [block], "stop_reason": "max_tokens"}))

    result = brain(anthropic_client).assess(context())

    assert result.fallback_reason == "claude answer rejected: stop_reason max_tokens"


def test_settings_pick_the_ttl_and_override_a_models_capabilities(tmp_path: Path) -> None:
    from mailagent.app import build_brain
    from mailagent.config import load_settings
    from mailagent.errors import ConfigError

    config = tmp_path / "mailagent.toml"
    config.write_text(
        'brain = "claude"\n[claude]\napi_key = "k"\ncache_ttl = "5m"\n'
        '[claude.capabilities."claude-sonnet-4-6"]\ncache_min_tokens = 2048\n'
    )
    claude = build_brain(load_settings(config))

    assert isinstance(claude, ClaudeBrain)
    assert claude.capabilities.cache_min_tokens == 2048 and claude.capabilities.forced_tool
    config.write_text('[claude]\ncache_ttl = "1d"\n')
    with pytest.raises(ConfigError, match=r"claude\.cache_ttl"):
        load_settings(config)
