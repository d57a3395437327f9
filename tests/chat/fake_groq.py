"""A small Groq-compatible HTTP server on 127.0.0.1 for testing the Groq path.

It serves ``POST /openai/v1/chat/completions`` (the path the ``groq`` client uses under
its ``base_url``) from a script: each request pops the next scripted reply (or, with none
left, asks a ``responder`` for one). Replies can
stream Server-Sent Events (text pieces or tool-call fragments), return an HTTP error with
headers (429 + ``retry-after``), or hold the connection until the client times out.
Every request body and its headers are recorded for assertions.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATH = "/openai/v1/chat/completions"


def _chunk(delta: dict, finish: str | None = None) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "fake-llama",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
    }


def text_reply(text: str, *, pieces: int = 4) -> dict:
    """A streamed assistant text, split into ``pieces`` chunks."""
    size = max(1, len(text) // pieces)
    parts = [text[i : i + size] for i in range(0, len(text), size)]
    chunks = [_chunk({"role": "assistant", "content": ""})]
    chunks += [_chunk({"content": p}) for p in parts]
    chunks.append(_chunk({}, "stop"))
    return {"kind": "stream", "chunks": chunks}


def tool_reply(*calls: tuple[str, str]) -> dict:
    """A streamed tool call per ``(name, arguments_json_text)``; arguments arrive in pieces."""
    chunks = [_chunk({"role": "assistant", "content": None})]
    for i, (name, args) in enumerate(calls):
        head = {"index": i, "id": f"call_{i}", "type": "function",
                "function": {"name": name, "arguments": ""}}  # fmt: skip
        chunks.append(_chunk({"tool_calls": [head]}))
        half = len(args) // 2
        for part in (args[:half], args[half:]):
            chunks.append(_chunk({"tool_calls": [{"index": i, "function": {"arguments": part}}]}))
    chunks.append(_chunk({}, "tool_calls"))
    return {"kind": "stream", "chunks": chunks}


def error_reply(status: int, message: str, *, headers: dict | None = None) -> dict:
    """An HTTP error with a Groq-style JSON body."""
    body = {
        "error": {"message": message, "type": "rate_limit_exceeded" if status == 429 else "error"}
    }
    return {"kind": "error", "status": status, "body": body, "headers": headers or {}}


def broken_stream_reply(text: str, *, pieces: int = 4, sent: int = 2) -> dict:
    """A streamed text whose connection drops after ``sent`` chunks (no end of the stream)."""
    reply = text_reply(text, pieces=pieces)
    return {"kind": "broken", "chunks": reply["chunks"][:sent]}


def hang_reply() -> dict:
    """Hold the request until the test ends (the client's timeout fires first)."""
    return {"kind": "hang"}


@dataclass
class FakeGroq:
    """The server's script and what it received."""

    replies: deque = field(default_factory=deque)
    requests: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    base_url: str = ""
    #: when no reply is scripted: request body -> reply (e.g. :func:`text_reply` of an answer
    #: computed from the prompt)
    responder: Callable[[dict], dict] | None = None

    def script(self, *replies: dict) -> None:
        """Queue replies for the next requests."""
        self.replies.extend(replies)


def _handler(fake: FakeGroq):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output clean
            return

        def do_POST(self):  # noqa: N802 (http.server API)
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append(body)
            fake.headers.append(dict(self.headers))
            if self.path != PATH:
                self._json(404, {"error": {"message": f"unknown path {self.path}"}})
                return
            if fake.replies:
                reply = fake.replies.popleft()
            elif fake.responder is not None:
                reply = fake.responder(body)
            else:
                reply = text_reply("(no scripted reply)")
            if reply["kind"] == "hang":
                fake.release.wait(30)
                return
            if reply["kind"] == "error":
                self._json(reply["status"], reply["body"], reply["headers"])
                return
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            for chunk in reply["chunks"]:
                self._write_chunk(f"data: {json.dumps(chunk)}\n\n".encode())
            if reply["kind"] == "broken":  # drop the connection mid-stream
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._write_chunk(b"data: [DONE]\n\n")
            self._write_chunk(b"")

        def _write_chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _json(self, status: int, body: dict, headers: dict | None = None) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(raw)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(raw)

    return Handler


class serve_fake_groq:  # noqa: N801 (used as a context manager, reads like a function)
    """``with serve_fake_groq() as fake:`` a running server; ``fake.base_url`` to use."""

    def __enter__(self) -> FakeGroq:
        self.fake = FakeGroq()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self.server.daemon_threads = True
        self.fake.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.fake

    def __exit__(self, *exc) -> None:
        self.fake.release.set()
        self.server.shutdown()
        self.server.server_close()
