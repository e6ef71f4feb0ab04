"""Fixtures for the dialogue tests: a fake Anthropic API and a real SDK client pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import anthropic
import pytest

from mailagent.dialogue.claude import make_client
from tests.fakes.anthropic_server import FakeAnthropic, running_fake_anthropic


@pytest.fixture
def fake_anthropic() -> Iterator[FakeAnthropic]:
    """A running fake Messages API; a test fails if a request found nothing scripted."""
    with running_fake_anthropic() as fake:
        yield fake
        assert fake.unscripted == 0, f"{fake.unscripted} request(s) found no scripted answer"


@pytest.fixture
def anthropic_client(
    fake_anthropic: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> Iterator[anthropic.Anthropic]:
    """The real SDK client (``max_retries=0``, 2 s timeout) talking to ``fake_anthropic``."""
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    client = make_client(api_key="test", base_url=fake_anthropic.url, timeout_s=2.0)
    yield client
    client.close()
