"""The sandbox's HTTP server on plain loopback HTTP: bodies, connections, start and stop."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
import requests

from gui.sandbox import SandboxPortal, SandboxServer
from gui.sandbox.wire import Action
from tests.faults import Fault
from tests.faults.scripted import ProceedFn
from tests.fixtures_sandbox import RunningSandbox

TIMEOUT = (5, 10)


def test_http_sandbox_serves_plain_http_on_loopback(http_sandbox: RunningSandbox) -> None:
    assert http_sandbox.url.startswith("http://127.0.0.1:")
    assert http_sandbox.ca_bundle is None
    token = http_sandbox.ready_token()
    assert token["client_endpoint"] == f"{http_sandbox.url}/rest/"
    with requests.Session() as session:
        for _ in range(2):  # one kept-alive connection, two requests
            answer = session.post(
                http_sandbox.rest_url("imconnector.list"),
                json={"auth": token["access_token"]},
                timeout=TIMEOUT,
            )
            assert answer.json()["result"]["livechat"] == "Live chat"
    assert len(http_sandbox.portal.received) == 2


def test_chunked_request_bodies_are_read(http_sandbox: RunningSandbox) -> None:
    auth = http_sandbox.ready_token()["access_token"]

    def chunks() -> Iterator[bytes]:
        yield b'{"auth": "' + auth.encode() + b'", '
        yield b'"ID": "chunked", "NAME": "C", "ICON": {"DATA_IMAGE": "x"}, '
        yield b'"PLACEMENT_HANDLER": "https://a.example/"}'

    answer = requests.post(
        http_sandbox.rest_url("imconnector.register"),
        data=chunks(),
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert answer.json()["result"] == {"result": True}
    assert http_sandbox.portal.received[-1].header("Transfer-Encoding") == "chunked"


def test_an_oversized_body_is_refused_unread(http_sandbox: RunningSandbox) -> None:
    host, port = http_sandbox.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(
            b"POST /rest/imconnector.list HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n"
        )
        status_line = connection.makefile("rb").readline()
    assert status_line.startswith(b"HTTP/1.1 413")


def test_url_exists_only_while_running() -> None:
    server = SandboxServer(SandboxPortal())
    with pytest.raises(RuntimeError):
        _ = server.url
    with server:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.portal.base_url == server.url
        with pytest.raises(RuntimeError):
            server.start()
    with pytest.raises(RuntimeError):
        _ = server.url
    server.stop()  # stopping twice is harmless


def test_ipv6_loopback() -> None:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with SandboxServer(SandboxPortal(), host="::1") as server:
        assert server.url.startswith("http://[::1]:")
        assert requests.get(f"{server.url}/", timeout=TIMEOUT).status_code == 200


class _Broken(Fault):
    name = "broken"

    def action(self, proceed: ProceedFn) -> Action:
        raise RuntimeError("a bug in the sandbox")


def test_unexpected_errors_are_kept_for_the_tests_to_see() -> None:
    portal = SandboxPortal()
    portal.script_next(_Broken())
    with SandboxServer(portal) as server:
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{server.url}/", timeout=TIMEOUT)
        errors = server.errors
    assert [str(error) for error in errors] == ["a bug in the sandbox"]


def test_the_server_log_never_shows_a_query_string(
    http_sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    token = http_sandbox.ready_token()["access_token"]
    with caplog.at_level(logging.DEBUG, logger="gui.sandbox"):
        answer = requests.get(
            http_sandbox.rest_url("imconnector.list"), params={"auth": token}, timeout=TIMEOUT
        )
        assert answer.status_code == 200
    assert "GET /rest/imconnector.list -> 200" in caplog.text
    assert token not in caplog.text
