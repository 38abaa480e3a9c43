"""One real uvicorn on a free loopback port: /healthz and /graphql answer over TCP."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import uvicorn

from api.app import create_app


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_server_uvicorn_serves_healthz_and_graphql(settings, model):
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, model=model), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 120  # a generous start-up allowance for a loaded CI machine, not a timing check
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/healthz").json()["status"] == "ok"
        answer = httpx.post(f"{base}/graphql", json={"query": "{ documents { edges { cursor } } model { name } }"})
        assert answer.json() == {"data": {"documents": {"edges": []}, "model": {"name": "default"}}}
    finally:
        server.should_exit = True
        thread.join(timeout=20)
    assert not thread.is_alive()
