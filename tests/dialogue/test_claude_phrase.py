"""ClaudeBrain.phrase: a better wording is welcome, new recipients, links and markup are not."""

from __future__ import annotations

import anthropic
import pytest

from mailagent.dialogue.claude import ClaudeBrain
from tests.dialogue.claude_helpers import (
    TERRAFORM_LINE,
    FallbackBrain,
    Sleeps,
    brain,
    context,
    record,
)
from tests.fakes.anthropic_server import FakeAnthropic

DRAFT = f"""\
Hi Ken,

Thank you for your feedback on Aisha Khan. Her resume shows Terraform work:
> {TERRAFORM_LINE}

Which part of the R2's Terraform criterion did she not meet?

Lena Brandt (mailagent)
"""

GOOD = f"""\
Hi Ken,

Thanks for the notes on Aisha. One thing: her resume does mention Terraform:
> {TERRAFORM_LINE}

Could you tell me which part of the Terraform criterion she fell short on?

Lena Brandt (mailagent)"""


def test_a_good_rewrite_is_kept(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_text(GOOD)

    assert brain(anthropic_client).phrase(context(), DRAFT) == GOOD + "\n"


@pytest.mark.parametrize(
    "rewrite",
    [
        pytest.param(GOOD + "\nPlease also copy ceo@x.com.", id="new-recipient"),
        pytest.param(GOOD + "\nDetails: https://evil.example.net/offer", id="foreign-url"),
        pytest.param(GOOD + "\nSee www.evil.example.net", id="bare-www-host"),
        pytest.param(GOOD.replace("Thanks", "<b>Thanks</b>"), id="html"),
        pytest.param(GOOD.replace("Terraform criterion", "[criterion](x)"), id="markdown-link"),
        pytest.param(GOOD.replace(f"> {TERRAFORM_LINE}\n", ""), id="quote-dropped"),
        pytest.param(GOOD.replace(f"> {TERRAFORM_LINE}", TERRAFORM_LINE), id="quote-unmarked"),
        pytest.param(GOOD + "\n" + "Really. " * 200, id="too-long"),
        pytest.param("   ", id="empty"),
    ],
)
def test_a_bad_rewrite_keeps_the_draft(
    rewrite: str, fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_text(rewrite)

    assert brain(anthropic_client).phrase(context(), DRAFT) == DRAFT


def test_a_link_to_an_allowed_host_is_kept(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    rewrite = GOOD + "\nThe R2 is at https://careers.example.com/r2/devops."
    fake_anthropic.reply_text(rewrite)
    claude = brain(anthropic_client, allowed_url_hosts=frozenset({"example.com"}))

    assert claude.phrase(context(), DRAFT) == rewrite + "\n"


def test_a_cut_off_rewrite_keeps_the_draft(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_text(GOOD[:80], stop_reason="max_tokens")

    assert brain(anthropic_client).phrase(context(), DRAFT) == DRAFT


def test_claude_unavailable_keeps_the_draft(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    for _ in range(3):
        fake_anthropic.overloaded()
    sleeps = Sleeps()

    assert brain(anthropic_client, sleeps=sleeps).phrase(context(), DRAFT) == DRAFT
    assert len(fake_anthropic.requests) == 3 and sleeps.delays == [0.5, 1.0]


def test_phrase_shares_the_cached_prefix_and_uses_no_tool(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    fake_anthropic.reply_tool_use(record(issues=["vague"]))
    fake_anthropic.reply_text(GOOD)
    claude = brain(anthropic_client)
    ctx = context()

    claude.assess(ctx)
    claude.phrase(ctx, DRAFT)

    assess_request, phrase_request = fake_anthropic.requests
    assert phrase_request.body["tool_choice"] == {"type": "none"}
    assert phrase_request.body["tools"] == assess_request.body["tools"]
    assert phrase_request.system_blocks() == assess_request.system_blocks()
    assert 'kind="draft">\nHi Ken,' in phrase_request.user_text()
    usage = fake_anthropic.responses[-1]["usage"]
    assert usage["cache_read_input_tokens"] > 1000
    assert usage["cache_creation_input_tokens"] == 0


def test_with_rephrase_off_no_call_is_made(
    fake_anthropic: FakeAnthropic, anthropic_client: anthropic.Anthropic
) -> None:
    claude = ClaudeBrain(client=anthropic_client, fallback=FallbackBrain(), rephrase=False)

    assert claude.phrase(context(), DRAFT) == DRAFT
    assert fake_anthropic.requests == []
