"""The LLM refinement against a tiny OpenAI-compatible stub server started in the test."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from axpartners.errors import AxError, InputError
from axpartners.planning.onepager import build_onepager
from axpartners.planning.provenance import Source
from axpartners.planning.refine import refine_onepager
from tests.unit.planning.test_onepager import CANDIDATE, UC

Rewrite = Callable[[dict[str, Any]], tuple[int, str]]


class _Stub:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        self.rewrite: Rewrite = lambda body: (200, "{}")


@pytest.fixture(scope="module")
def _server() -> Iterator[tuple[_Stub, str]]:
    state = _Stub()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))
            state.requests.append((self.path, dict(self.headers), body))
            status, content = state.rewrite(body)
            reply = json.dumps(
                {
                    "id": "x",
                    "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}],
                }
            ).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def stub(_server: tuple[_Stub, str]) -> tuple[_Stub, str]:
    state, url = _server
    state.requests.clear()
    state.rewrite = lambda body: (200, "{}")
    return state, url


@pytest.fixture
def onepager():
    return build_onepager(CANDIDATE, start=date(2026, 2, 1), use_case_label=UC.ko)


def _sections(body: dict[str, Any]) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = json.loads(body["messages"][1]["content"])["sections"]
    return sections


def polish(body: dict[str, Any]) -> tuple[int, str]:
    sections = [
        {"key": s["key"], "sentences": [f"{t} (다듬음)" for t in s["sentences"]]}
        for s in _sections(body)
    ]
    return 200, "```json\n" + json.dumps({"sections": sections}, ensure_ascii=False) + "\n```"


def test_refine_rewrites_every_section_and_keeps_originals(stub, onepager):
    state, url = stub
    state.rewrite = polish
    result = refine_onepager(onepager, base_url=url + "/", model="local-llm", api_key="k-123")
    assert set(result.refined) == {s.key for s in onepager.sections}
    assert result.rejected == ()
    for old, new in zip(onepager.sentences(), result.onepager.sentences(), strict=True):
        assert new.source is Source.LLM
        assert new.text == old.text + " (다듬음)"
        assert new.original == old.text
    path, headers, body = state.requests[0]
    assert path == "/v1/chat/completions"
    assert headers["Authorization"] == "Bearer k-123"
    assert body["model"] == "local-llm"
    assert body["messages"][0]["role"] == "system"


def test_sections_that_change_numbers_or_shape_are_rejected(stub, onepager):
    state, url = stub

    def sloppy(body):
        out = []
        for s in _sections(body):
            if s["key"] == "background":  # changes a figure: 3건 -> 30건
                out.append(
                    {
                        "key": s["key"],
                        "sentences": [t.replace("3건", "30건") for t in s["sentences"]],
                    }
                )
            elif s["key"] == "kpi":  # drops a sentence
                out.append({"key": s["key"], "sentences": s["sentences"][:1]})
            elif s["key"] == "goal":
                continue  # missing
            else:
                out.append({"key": s["key"], "sentences": [t + "!" for t in s["sentences"]]})
        return 200, json.dumps({"sections": out}, ensure_ascii=False)

    state.rewrite = sloppy
    result = refine_onepager(onepager, base_url=url, model="m")
    assert set(result.rejected) == {"background", "kpi", "goal"}
    assert result.onepager.section("background") == onepager.section("background")
    assert all(s.source is Source.LLM for s in result.onepager.section("budget").sentences)
    assert "Authorization" not in state.requests[0][1]


@pytest.mark.parametrize(
    "reply",
    [(500, "{}"), (200, "이건 JSON이 아닙니다")],
)
def test_server_errors_raise_llm_failed(stub, onepager, reply):
    state, url = stub
    state.rewrite = lambda body: reply
    with pytest.raises(AxError) as info:
        refine_onepager(onepager, base_url=url, model="m")
    assert info.value.code == "planning.llm_failed"
    assert "템플릿 원문" in str(info.value) or "template text" in str(info.value)


def test_unreachable_server_raises_llm_failed(onepager):
    # a port we bind and close at once: nothing listens there
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(AxError) as info:
        refine_onepager(onepager, base_url=f"http://127.0.0.1:{port}/v1", model="m", timeout=2)
    assert info.value.code == "planning.llm_failed"
    assert info.value.params["detail"] == "ConnectError"


def test_bad_url_is_an_input_error(onepager):
    with pytest.raises(InputError) as info:
        refine_onepager(onepager, base_url="ftp://x", model="m")
    assert info.value.code == "planning.llm_bad_url"
