"""A scriptable fake of the Anthropic Messages API, served over real HTTP on 127.0.0.1.

The real ``anthropic`` SDK talks to it unchanged (``base_url=fake.url``), so tests exercise
the SDK's request building, error classes and timeouts rather than a mock of them::

    with running_fake_anthropic() as fake:
        fake.reply_tool_use({"issues": ["vague"]})
        client = anthropic.Anthropic(api_key="test", base_url=fake.url, max_retries=0)
        message = client.messages.create(model="claude-sonnet-4-6", max_tokens=64,
                                         messages=[{"role": "user", "content": "hi"}])
        message.content[0].input          # → {'issues': ['vague']}
        fake.requests[0].body["model"]    # → 'claude-sonnet-4-6'

Each request takes the next scripted response (a tool call, text, an error status, a
delay). Usage is computed like the real API's: tokens are estimated from the JSON size,
and a prefix ending at a ``cache_control`` breakpoint is written to the cache the first
time it is seen (``cache_creation_input_tokens``) and read from it afterwards
(``cache_read_input_tokens``), provided it reaches ``min_cache_tokens``. As on the real
API, a change of ``tool_choice`` invalidates cached message blocks, not tools or system,
and an entry lives for its breakpoint's ``ttl`` ("5m" by default, or "1h") from its last
use, by the fake's ``clock`` (a test or a bench can drive simulated time).

Like the real API it refuses what the model would refuse: a forced ``tool_choice`` on a
model listed in ``no_forced_tools``, a ``strict`` tool on a model in ``no_strict_tools``
or with a schema that is not closed, a model it does not know (404), a missing key
(401). ``hold()`` keeps requests waiting until ``release()`` (``in_flight`` counts
them), so a test can do something while a model call is in flight without a clock.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Claude Sonnet 4.6's documented minimum length of a cacheable prefix.
DEFAULT_MIN_CACHE_TOKENS = 1024
TTL_S = {"5m": 300.0, "1h": 3600.0}
# Models whose documentation says a forced tool choice is an error (Sonnet 5.5).
DEFAULT_NO_FORCED = ("claude-sonnet-5", "claude-opus-5")
# Models that predate strict tool use.
DEFAULT_NO_STRICT = ("claude-3-", "claude-sonnet-4-2", "claude-opus-4-1", "claude-opus-4-2")


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received, headers lower-cased and the body decoded."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    def system_blocks(self) -> list[dict[str, Any]]:
        system = self.body.get("system", [])
        return [{"type": "text", "text": system}] if isinstance(system, str) else list(system)

    def user_text(self) -> str:
        """All text of the request's user messages, joined by blank lines."""
        parts: list[str] = []
        for message in self.body.get("messages", []):
            content = message["content"]
            if isinstance(content, str):
                parts.append(content)
            else:
                parts.extend(b.get("text", "") for b in content if b.get("type") == "text")
        return "\n\n".join(parts)


@dataclass(frozen=True)
class Scripted:
    """One scripted answer: an HTTP status with a JSON (or raw) body, after a delay."""

    status: int
    body: dict[str, Any] | bytes
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


def _tokens(value: Any) -> int:
    # About four characters of JSON per token, like English text on Claude's tokenizer.
    return max(1, len(json.dumps(value, sort_keys=True)) // 4)


def _strip_cache_control(block: Any) -> Any:
    if isinstance(block, dict):
        return {k: v for k, v in block.items() if k != "cache_control"}
    return block


def _error_body(error_type: str, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": error_type, "message": message}}


class FakeAnthropic:
    """The scriptable state behind the server: its queue, its log and its prompt cache."""

    def __init__(
        self,
        *,
        min_cache_tokens: int = DEFAULT_MIN_CACHE_TOKENS,
        clock: Callable[[], float] = time.monotonic,
        latency_s: float = 0.0,
        default_answer: dict[str, Any] | None = None,
        unknown_models: tuple[str, ...] = ("claude-no-such",),
    ) -> None:
        self.url = ""
        self.requests: list[RecordedRequest] = []
        # The message objects answered with status 200, in order (usage included).
        self.responses: list[dict[str, Any]] = []
        self.unscripted = 0
        self.min_cache_tokens = min_cache_tokens
        self.clock = clock
        # Added to every answer (a bench's model latency).
        self.latency_s = latency_s
        # The tool input answered when nothing is scripted (else a 400, counted).
        self.default_answer = default_answer
        self.unknown_models = unknown_models
        self.no_forced_tools: tuple[str, ...] = DEFAULT_NO_FORCED
        self.no_strict_tools: tuple[str, ...] = DEFAULT_NO_STRICT
        self._script: deque[Scripted] = deque()
        # Cached prefix hash → expiry time on ``clock``.
        self._cache: dict[str, float] = {}
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._gate = threading.Event()
        self._gate.set()
        self._arrivals = threading.Condition()
        self.in_flight = 0

    # Holding requests while a test acts.

    def hold(self) -> None:
        """Keep every request from now on waiting until :meth:`release`."""
        self._gate.clear()

    def release(self) -> None:
        self._gate.set()

    def wait_in_flight(self, n: int = 1, timeout_s: float = 30.0) -> bool:
        """Wait until ``n`` requests are held (a condition, not a sleep)."""
        with self._arrivals:
            return self._arrivals.wait_for(lambda: self.in_flight >= n, timeout=timeout_s)

    def _arrive(self, delta: int) -> None:
        with self._arrivals:
            self.in_flight += delta
            self._arrivals.notify_all()

    # Scripting.

    def push(self, scripted: Scripted) -> None:
        with self._lock:
            self._script.append(scripted)

    def reply_tool_use(
        self, tool_input: dict[str, Any], *, name: str = "record_assessment", delay_s: float = 0
    ) -> None:
        """Answer the next request with one ``tool_use`` block carrying ``tool_input``."""
        block = {"type": "tool_use", "id": f"toolu_{secrets.token_hex(12)}", "name": name}
        self.push(
            Scripted(
                200,
                {"content": [{**block, "input": tool_input}], "stop_reason": "tool_use"},
                delay_s=delay_s,
            )
        )

    def reply_text(self, text: str, *, stop_reason: str = "end_turn") -> None:
        """Answer the next request with one ``text`` block."""
        self.push(
            Scripted(200, {"content": [{"type": "text", "text": text}], "stop_reason": stop_reason})
        )

    def reply_error(
        self, status: int, error_type: str, message: str, *, headers: dict[str, str] | None = None
    ) -> None:
        """Answer the next request with an API error body, e.g. ``(400, "invalid_request_error",
        "…")``."""
        self.push(Scripted(status, _error_body(error_type, message), headers=headers or {}))

    def rate_limited(self, *, retry_after: float | None = 1) -> None:
        headers = {} if retry_after is None else {"retry-after": str(retry_after)}
        self.reply_error(
            429,
            "rate_limit_error",
            "Number of requests has exceeded your rate limit.",
            headers=headers,
        )

    def overloaded(self) -> None:
        self.reply_error(529, "overloaded_error", "Overloaded")

    def server_error(self) -> None:
        self.reply_error(500, "api_error", "Internal server error")

    def refuse(self, *, partial_input: dict[str, Any] | None = None) -> None:
        """Answer the next request with ``stop_reason: "refusal"`` — with an empty (or the
        given partial) tool call, as a model stopped by its safety classifier can leave."""
        block = {
            "type": "tool_use",
            "id": f"toolu_{secrets.token_hex(12)}",
            "name": "record_assessment",
            "input": partial_input or {},
        }
        self.push(Scripted(200, {"content": [block], "stop_reason": "refusal"}))

    def stall(self, seconds: float) -> None:
        """Hold the next request for ``seconds`` (longer than the client's timeout) before an
        answer that by then nobody reads."""
        self.push(
            Scripted(
                200,
                {"content": [{"type": "text", "text": "too late"}], "stop_reason": "end_turn"},
                delay_s=seconds,
            )
        )

    def reply_raw(self, status: int, body: bytes) -> None:
        """Answer the next request with ``body`` as it is (say, JSON that does not parse)."""
        self.push(Scripted(status, body))

    def clear_cache(self) -> None:
        """Forget every cached prefix, as if their time had passed."""
        with self._lock:
            self._cache.clear()

    @staticmethod
    def _closed(schema: Any) -> bool:
        """Whether every object in a strict schema lists all its fields and no others."""
        if isinstance(schema, list):
            return all(FakeAnthropic._closed(item) for item in schema)
        if not isinstance(schema, dict):
            return True
        if schema.get("type") == "object":
            props = set(schema.get("properties", {}))
            if schema.get("additionalProperties") is not False:
                return False
            if set(schema.get("required", [])) != props:
                return False
        return all(FakeAnthropic._closed(v) for v in schema.values())

    # Serving.

    def validate(self, headers: dict[str, str], body: dict[str, Any]) -> Scripted | None:
        """The error the real API would answer for this request, or ``None`` if it is valid."""
        if "x-api-key" not in headers and "authorization" not in headers:
            return Scripted(401, _error_body("authentication_error", "missing credentials"))
        if "anthropic-version" not in headers:
            return Scripted(400, _error_body("invalid_request_error", "anthropic-version"))
        problems: list[str] = []
        model = str(body.get("model"))
        if model.startswith(self.unknown_models):
            return Scripted(404, _error_body("not_found_error", f"model: {model}"))
        if not isinstance(body.get("model"), str):
            problems.append("model: Field required")
        if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
            problems.append("max_tokens: Field required")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages or messages[0].get("role") != "user":
            problems.append("messages: the first message must use the user role")
        tools = body.get("tools", [])
        names = {t.get("name") for t in tools}
        for tool in tools:
            if tool.get("input_schema", {}).get("type") != "object":
                problems.append(f"tools.{tool.get('name')}.input_schema.type: must be 'object'")
            if tool.get("strict"):
                if model.startswith(self.no_strict_tools):
                    problems.append(f"tools.{tool.get('name')}.strict: not supported by {model}")
                elif not self._closed(tool.get("input_schema")):
                    problems.append(
                        f"tools.{tool.get('name')}.input_schema: strict tools need every "
                        "object closed (additionalProperties false) with all fields required"
                    )
        choice = body.get("tool_choice") or {}
        if choice.get("type") == "tool" and choice.get("name") not in names:
            problems.append(f"tool_choice.name: no tool named {choice.get('name')!r}")
        if choice.get("type") in ("tool", "any") and model.startswith(self.no_forced_tools):
            problems.append(f"tool_choice: forced tool use is not supported by {model}")
        segments, marks = self._segments(body)
        if len(marks) > 4:
            problems.append("A maximum of 4 blocks with cache_control may be provided.")
        ttls = [self._ttl(segments[i][0]) for i in marks]
        if any(a < b for a, b in itertools.pairwise(ttls)):
            problems.append("a ttl='1h' cache_control block may not follow a ttl='5m' one")
        if problems:
            return Scripted(400, _error_body("invalid_request_error", "; ".join(problems)))
        return None

    def next_answer(self) -> Scripted:
        with self._lock:
            if self._script:
                return self._script.popleft()
            if self.default_answer is not None:
                block = {
                    "type": "tool_use",
                    "id": f"toolu_{secrets.token_hex(12)}",
                    "name": "record_assessment",
                    "input": self.default_answer,
                }
                return Scripted(200, {"content": [block], "stop_reason": "tool_use"})
            self.unscripted += 1
        return Scripted(400, _error_body("invalid_request_error", "fake: no scripted response"))

    @staticmethod
    def _ttl(block: Any) -> float:
        marker = block.get("cache_control") if isinstance(block, dict) else None
        return TTL_S.get(str((marker or {}).get("ttl", "5m")), 300.0)

    @staticmethod
    def _segments(body: dict[str, Any]) -> tuple[list[tuple[Any, bool]], list[int]]:
        """The prompt in cache order (tools, system, messages) as ``(block, in_messages)``
        pairs, and the indexes of the blocks that carry ``cache_control``."""
        segments: list[tuple[Any, bool]] = [(t, False) for t in body.get("tools", [])]
        system = body.get("system", [])
        if isinstance(system, str):
            system = [{"type": "text", "text": system}]
        segments += [(b, False) for b in system]
        for message in body.get("messages", []):
            content = message.get("content", [])
            if isinstance(content, str):
                content = [{"type": "text", "text": content}]
            segments += [({"role": message.get("role"), **b}, True) for b in content]
        marks = [
            i for i, (b, _) in enumerate(segments) if isinstance(b, dict) and b.get("cache_control")
        ]
        return segments, marks

    def usage_for(self, body: dict[str, Any], content: list[dict[str, Any]]) -> dict[str, int]:
        """``usage`` for this request, updating the prompt cache as the real API would."""
        segments, marks = self._segments(body)
        key = hashlib.sha256(str(body.get("model")).encode())
        choice = json.dumps(body.get("tool_choice"), sort_keys=True)
        hashes: list[str] = []
        totals: list[int] = []
        running = 0
        for block, in_messages in segments:
            key.update(json.dumps(_strip_cache_control(block), sort_keys=True).encode())
            # Cached message blocks are only valid for the same tool_choice.
            hashes.append(key.hexdigest() + (choice if in_messages else ""))
            running += _tokens(_strip_cache_control(block))
            totals.append(running)
        read = write = 0
        now = self.clock()
        with self._lock:
            live = {h for h, expires in self._cache.items() if expires > now}
            hit = next((i for i in reversed(marks) if hashes[i] in live), None)
            if hit is not None:
                read = totals[hit]
            cacheable = [i for i in marks if totals[i] >= self.min_cache_tokens]
            if cacheable and (hit is None or cacheable[-1] > hit):
                write = totals[cacheable[-1]] - read
            # A read refreshes an entry's lifetime; a write starts it.
            for i in cacheable:
                self._cache[hashes[i]] = now + self._ttl(segments[i][0])
        return {
            "input_tokens": running - read - write,
            "output_tokens": _tokens(content),
            "cache_creation_input_tokens": write,
            "cache_read_input_tokens": read,
        }

    def message(self, body: dict[str, Any], scripted: dict[str, Any]) -> dict[str, Any]:
        """A complete ``message`` object around a scripted content and stop reason."""
        content = scripted["content"]
        return {
            "id": f"msg_{secrets.token_hex(12)}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model"),
            "content": content,
            "stop_reason": scripted["stop_reason"],
            "stop_sequence": None,
            "usage": self.usage_for(body, content),
        }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        # Tests read the request log instead of the server's access log.
        pass

    def _send(self, status: int, payload: dict[str, Any] | bytes, headers: dict[str, str]) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("request-id", f"req_{secrets.token_hex(8)}")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (a timeout test); there is nobody left to answer.
            self.close_connection = True

    def do_POST(self) -> None:
        fake = self.server.fake
        raw = self.rfile.read(int(self.headers.get("content-length", "0")))
        if self.path.split("?")[0] != "/v1/messages":
            self._send(404, _error_body("not_found_error", self.path), {})
            return
        try:
            body = json.loads(raw)
        except json.JSONDecodeError:
            self._send(400, _error_body("invalid_request_error", "body is not JSON"), {})
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake.requests.append(RecordedRequest(self.path, headers, body))
        answer = fake.validate(headers, body) or fake.next_answer()
        fake._arrive(+1)
        try:
            while not fake._gate.wait(0.05):
                if fake.stopping.is_set():
                    self.close_connection = True
                    return
        finally:
            fake._arrive(-1)
        delay = answer.delay_s + (fake.latency_s if answer.status == 200 else 0.0)
        if delay and fake.stopping.wait(delay):
            self.close_connection = True
            return
        payload = answer.body
        if answer.status == 200 and isinstance(payload, dict):
            payload = fake.message(body, payload)
            fake.responses.append(payload)
        self._send(answer.status, payload, answer.headers)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeAnthropic) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


@contextmanager
def running_fake_anthropic(
    *,
    min_cache_tokens: int = DEFAULT_MIN_CACHE_TOKENS,
    clock: Callable[[], float] = time.monotonic,
    latency_s: float = 0.0,
    default_answer: dict[str, Any] | None = None,
) -> Iterator[FakeAnthropic]:
    """Serve a :class:`FakeAnthropic` on 127.0.0.1 (a free port) for the ``with`` block."""
    fake = FakeAnthropic(
        min_cache_tokens=min_cache_tokens,
        clock=clock,
        latency_s=latency_s,
        default_answer=default_answer,
    )
    server = _Server(fake)
    host, port = server.server_address[:2]
    fake.url = f"http://{host!s}:{port}"
    # A short poll interval lets ``shutdown`` return in milliseconds, not half a second.
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.02},
        name="fake-anthropic",
        daemon=True,
    )
    thread.start()
    try:
        yield fake
    finally:
        fake.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
