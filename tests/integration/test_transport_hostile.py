"""Hostile answers over real loopback sockets each give the right typed error, never a success.

The sandbox portal's scripted faults cover what a broken proxy or portal sends (HTML 502, a
10 MB body, invalid or cut JSON, a delay, a reset); :mod:`tests.faults` covers what even
those cannot (a reset in the middle of a TLS body, a truncated chunked body, a decompression
bomb, a trickle). Policy that must hold before any socket opens is checked with a session that
refuses to be used.
"""

from __future__ import annotations

import gzip
import socket
import ssl
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import trustme

from gui.core.cancel import CancelToken
from gui.core.errors import (
    B24Error,
    InvalidInputError,
    NetworkError,
    OperationCancelled,
    PortalMovedError,
)
from gui.core.portal.address import PortalAddress
from gui.core.portal.rest import RestClient
from gui.core.portal.transport import Transport
from tests.faults import (
    ConnectionReset,
    Delay,
    EmptyBody,
    Fault,
    HostileServer,
    HtmlPage,
    HugeBody,
    InvalidJson,
    ShortBody,
    TruncatedJson,
    raw,
    reset_after,
    respond,
    stall,
)
from tests.fixtures_sandbox import RunningSandbox

SECRET = "tok-5ecret-never-shown-0123"
BODY = {"ID": "acme_chat", "auth": SECRET}
OK_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


def assert_secret_free(error: B24Error) -> None:
    assert SECRET not in error.message
    assert SECRET not in str(error)
    assert SECRET not in repr(error)


# ------------------------------------------------------------------ sandbox faults over TLS


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (HtmlPage(502), "HTML_RESPONSE"),
        (HtmlPage(504), "HTML_RESPONSE"),
        (HugeBody(), "RESPONSE_TOO_LARGE"),
        (InvalidJson(), "INVALID_JSON"),
        (TruncatedJson(), "INVALID_JSON"),
        (ShortBody(), "INCOMPLETE_RESPONSE"),
        (EmptyBody(), "EMPTY_RESPONSE"),
        (EmptyBody(500), "EMPTY_RESPONSE"),
        (ConnectionReset(), "CONNECTION_RESET"),
        (Delay(30), "TIMEOUT"),
    ],
    ids=lambda value: getattr(value, "name", value),
)
def test_sandbox_faults_give_typed_network_errors(
    tls_sandbox: RunningSandbox, fault: Fault, code: str
) -> None:
    portal = PortalAddress.parse(tls_sandbox.url)
    token = tls_sandbox.ready_token()["access_token"]
    tls_sandbox.portal.script_next(fault, target="rest")
    # Only the delay needs a short read timeout; a loaded machine must not turn the others
    # into timeouts.
    read_timeout = 0.3 if isinstance(fault, Delay) else 30.0
    with Transport(
        ca_bundle=tls_sandbox.ca_bundle, read_timeout=read_timeout, environ={}
    ) as transport:
        client = RestClient(transport, sleep=lambda _s: None)
        with pytest.raises(NetworkError) as caught:
            client.register(portal, {"ID": "acme_chat"}, token)
    assert caught.value.code == code
    assert caught.value.exit_code == 4
    assert token not in caught.value.message
    assert len(tls_sandbox.portal.received) == 1, "network failures are never retried"


# ------------------------------------------------------------------ the hostile server


@pytest.fixture(scope="module")
def hostile_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_context(hostile_ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    hostile_ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def tls_server(tls_context: ssl.SSLContext) -> Iterator[HostileServer]:
    with HostileServer(tls_context) as server:
        yield server


@pytest.fixture
def plain_server() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


@pytest.fixture
def ca_file(hostile_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("hostile-ca") / "ca.pem"
    hostile_ca.cert_pem.write_to_path(str(path))
    return str(path)


def post(server: HostileServer, ca_file: str | None = None, **options: Any) -> Any:
    options.setdefault("environ", {})
    with Transport(ca_bundle=ca_file, **options) as transport:
        return transport.post_json(f"{server.url}/rest/imconnector.register", BODY)


def expect_network_error(
    server: HostileServer, code: str, ca_file: str | None = None, **options: Any
) -> NetworkError:
    with pytest.raises(NetworkError) as caught:
        post(server, ca_file, **options)
    assert caught.value.code == code
    assert_secret_free(caught.value)
    return caught.value


def test_a_well_formed_answer_comes_back_whole(tls_server: HostileServer, ca_file: str) -> None:
    tls_server.script(respond(200, b'{"result":{"result":true}}', headers={"X-Test": "1"}))
    answer = post(tls_server, ca_file)
    assert answer.status == 200
    assert answer.body == b'{"result":{"result":true}}'
    assert answer.headers["x-test"] == "1"
    assert answer.content_type == "application/json"
    assert SECRET not in repr(answer)
    (seen,) = tls_server.received
    assert seen.method == "POST"
    assert seen.path == "/rest/imconnector.register"
    assert seen.headers["content-type"] == "application/json; charset=utf-8"
    assert "authorization" not in seen.headers


class ResetWhenReading:
    """A monotonic clock for the transport that sets ``go`` at its third reading: the first is
    taken before sending, the second before the first body read, the third once some of the
    body has been read. The server resets the connection only then."""

    def __init__(self) -> None:
        self.go = threading.Event()
        self.readings = 0

    def __call__(self) -> float:
        self.readings += 1
        if self.readings == 3:
            self.go.set()
        return 0.0


MID_BODY = OK_HEAD + b"Content-Length: 500\r\n\r\n" + b'{"result":' * 10


def test_reset_in_the_middle_of_a_tls_body(tls_server: HostileServer, ca_file: str) -> None:
    clock = ResetWhenReading()
    tls_server.script(reset_after(MID_BODY, when=clock.go))
    expect_network_error(tls_server, "INCOMPLETE_RESPONSE", ca_file, clock=clock)


def test_reset_in_the_middle_of_a_plain_body(plain_server: HostileServer) -> None:
    clock = ResetWhenReading()
    plain_server.script(reset_after(MID_BODY, when=clock.go))
    expect_network_error(plain_server, "INCOMPLETE_RESPONSE", clock=clock)


def test_reset_before_any_answer(plain_server: HostileServer) -> None:
    plain_server.script(reset_after(b""))
    expect_network_error(plain_server, "CONNECTION_RESET")


def test_close_before_any_answer(plain_server: HostileServer) -> None:
    plain_server.script(raw(b""))
    expect_network_error(plain_server, "CONNECTION_RESET")


@pytest.mark.parametrize(
    "reply",
    [
        b"SSH-2.0-OpenSSH_9.6\r\n",
        b"HTTP/1.1 200 OK\r\n" + b"X-Long: " + b"a" * 70_000 + b"\r\n\r\n",
        b"HTTP/1.1 abc Weird\r\n\r\n",
        OK_HEAD + b"Content-Encoding: gzip\r\nContent-Length: 5\r\n\r\nabcde",
    ],
    ids=["not-http", "endless-header", "bad-status", "bad-gzip"],
)
def test_something_that_is_not_http(plain_server: HostileServer, reply: bytes) -> None:
    plain_server.script(raw(reply))
    expect_network_error(plain_server, "BAD_RESPONSE")


def test_truncated_chunked_body(tls_server: HostileServer, ca_file: str) -> None:
    chunked = OK_HEAD + b'Transfer-Encoding: chunked\r\n\r\n5\r\n{"res\r\n40\r\nult": {'
    tls_server.script(raw(chunked))
    expect_network_error(tls_server, "INCOMPLETE_RESPONSE", ca_file)


def test_garbage_chunk_size(plain_server: HostileServer) -> None:
    plain_server.script(raw(OK_HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n"))
    expect_network_error(plain_server, "INCOMPLETE_RESPONSE")


def test_oversized_chunked_body_without_a_length_is_cut_at_the_cap(
    plain_server: HostileServer,
) -> None:
    chunk = b"x" * 4096
    piece = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    plain_server.script(
        raw(OK_HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + piece * 64 + b"0\r\n\r\n")
    )
    error = expect_network_error(plain_server, "RESPONSE_TOO_LARGE", max_body_bytes=100 * 1024)
    assert "larger than 100 KB" in error.message


def test_a_declared_length_over_the_cap_is_refused_before_reading(
    plain_server: HostileServer,
) -> None:
    plain_server.script(stall(OK_HEAD + b"Content-Length: 999999999\r\n\r\n{"))
    expect_network_error(plain_server, "RESPONSE_TOO_LARGE", read_timeout=30)


def test_a_decompression_bomb_is_cut_at_the_cap(plain_server: HostileServer) -> None:
    bomb = gzip.compress(b"0" * 20_000_000)
    assert len(bomb) < 100_000
    head = OK_HEAD + b"Content-Encoding: gzip\r\n" + f"Content-Length: {len(bomb)}\r\n\r\n".encode()
    plain_server.script(raw(head + bomb))
    expect_network_error(plain_server, "RESPONSE_TOO_LARGE")


def test_a_gzip_answer_within_the_cap_is_decoded(plain_server: HostileServer) -> None:
    packed = gzip.compress(b'{"result":true}')
    head = (
        OK_HEAD + b"Content-Encoding: gzip\r\n" + f"Content-Length: {len(packed)}\r\n\r\n".encode()
    )
    plain_server.script(raw(head + packed))
    assert post(plain_server).body == b'{"result":true}'


def test_a_server_slower_than_the_read_timeout(tls_server: HostileServer, ca_file: str) -> None:
    tls_server.script(stall())
    error = expect_network_error(tls_server, "TIMEOUT", ca_file, read_timeout=0.2)
    assert "0.2 s" in error.message


def test_a_body_that_stops_half_way_times_out(plain_server: HostileServer) -> None:
    plain_server.script(stall(OK_HEAD + b'Content-Length: 100\r\n\r\n{"result"'))
    expect_network_error(plain_server, "TIMEOUT", read_timeout=0.2)


class SteppingClock:
    """A monotonic clock that jumps a minute each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 60.0
        return self.now


def test_a_trickling_body_hits_the_overall_deadline(plain_server: HostileServer) -> None:
    # Each read gets data in time, but the whole answer takes "minutes": the deadline stops it.
    chunked = OK_HEAD + b"Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n"
    plain_server.script(stall(chunked))
    error = expect_network_error(
        plain_server, "TIMEOUT", connect_timeout=10, read_timeout=65, clock=SteppingClock()
    )
    assert "too slowly" in error.message


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Transport(environ={}) as transport, pytest.raises(NetworkError) as caught:
        transport.post_json(f"http://127.0.0.1:{port}/rest/x", BODY)
    assert caught.value.code == "CONNECTION_FAILED"
    assert_secret_free(caught.value)


def test_a_certificate_from_an_unknown_ca(tls_server: HostileServer, ca_bundle_path: Any) -> None:
    error = expect_network_error(tls_server, "TLS_ERROR", str(ca_bundle_path))
    assert "could not be verified" in error.message
    assert tls_server.wait_handled(1)
    assert tls_server.received == []
    assert tls_server.handshake_failures == 1


def test_a_certificate_for_another_host(hostile_ca: trustme.CA, ca_file: str) -> None:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    hostile_ca.issue_cert("portal.example.com").configure_cert(context)
    with HostileServer(context) as server:
        error = expect_network_error(server, "TLS_ERROR", ca_file)
        assert server.wait_handled(1)
        assert server.received == []
        assert server.handshake_failures == 1
    assert "127.0.0.1" in error.message


def test_plain_http_answer_to_a_tls_client(plain_server: HostileServer, ca_file: str) -> None:
    plain_server.script(respond(200, b"{}"))
    with (
        Transport(ca_bundle=ca_file, environ={}) as transport,
        pytest.raises(NetworkError) as caught,
    ):
        transport.post_json(f"https://127.0.0.1:{plain_server.port}/rest/x", BODY)
    assert caught.value.code == "TLS_ERROR"


# ------------------------------------------------------------------ redirects


def test_a_relative_redirect_is_reported_as_an_absolute_address(
    plain_server: HostileServer,
) -> None:
    plain_server.script(respond(302, b"", headers={"Location": "/new/rest/?x=1"}))
    with pytest.raises(PortalMovedError) as caught:
        post(plain_server)
    assert caught.value.location == f"{plain_server.url}/new/rest/?x=1"
    assert "?x=1" not in caught.value.message
    assert len(plain_server.received) == 1


def test_a_redirect_without_location(plain_server: HostileServer) -> None:
    plain_server.script(respond(307, b""))
    expect_network_error(plain_server, "UNEXPECTED_REDIRECT")


def test_a_redirect_to_the_same_server_is_still_not_followed(plain_server: HostileServer) -> None:
    plain_server.script(
        respond(302, b"", headers={"Location": f"{plain_server.url}/rest/other"}),
        respond(200, b'{"result":true}'),
    )
    with pytest.raises(PortalMovedError):
        post(plain_server)
    assert [seen.path for seen in plain_server.received] == ["/rest/imconnector.register"]


# ------------------------------------------------------------------ policy before any socket


class RefusingSession(requests.Session):
    """A session that records every attempt to use it and never touches the network."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[dict[str, Any]] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.calls.append({"method": method, "url": url, **kwargs})
        raise AssertionError("the session must not be used")


@pytest.mark.parametrize(
    "url",
    [
        "http://portal.example.com/rest/imconnector.register",
        "http://10.0.0.1:8080/rest/x",
        "http://127.0.0.1.nip.io/rest/x",
        "http://localhost.example.com/rest/x",
        "ftp://portal.example.com/rest/x",
        "https://user:s3cr3tpw@portal.example.com/rest/x",
        "https:///rest/x",
        "portal.example.com/rest/x",
    ],
)
def test_unsafe_urls_are_refused_before_any_socket_opens(url: str) -> None:
    with RefusingSession() as session:
        transport = Transport(session, environ={})
        with pytest.raises(InvalidInputError) as caught:
            transport.post_json(url, BODY)
        with pytest.raises(InvalidInputError):
            transport.post_form(url, {"client_secret": SECRET})
        assert session.calls == []
    assert caught.value.field == "portal"
    assert_secret_free(caught.value)
    assert "s3cr3tpw" not in caught.value.message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), {1, 2}, b"bytes"])
def test_values_that_are_not_json_are_refused_before_sending(value: Any) -> None:
    with RefusingSession() as session:
        transport = Transport(session, environ={})
        with pytest.raises(InvalidInputError) as caught:
            transport.post_json("https://portal.example.com/rest/x", {**BODY, "SIZE": value})
        assert session.calls == []
    assert caught.value.code == "INVALID_VALUE"
    assert_secret_free(caught.value)


def test_a_cancelled_token_sends_nothing(plain_server: HostileServer) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with Transport(environ={}) as transport, pytest.raises(OperationCancelled):
        transport.post_json(f"{plain_server.url}/rest/x", BODY, cancel)
    assert plain_server.connections == 0


class RecordingSession(requests.Session):
    """Records the keyword arguments of each request, then lets it through."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[dict[str, Any]] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.seen.append(kwargs)
        return super().request(method, url, *args, **kwargs)


def test_every_request_has_both_timeouts_verification_and_no_redirects(
    plain_server: HostileServer, ca_file: str
) -> None:
    plain_server.script(respond(200, b"{}"), respond(200, b"{}"))
    with RecordingSession() as session:
        transport = Transport(session, ca_bundle=ca_file, connect_timeout=3, read_timeout=7)
        transport.post_json(f"{plain_server.url}/rest/x", BODY)
        transport.post_form(f"{plain_server.url}/oauth/token/", {"grant_type": "refresh_token"})
        assert session.trust_env is False
    for kwargs in session.seen:
        assert kwargs["timeout"] == (3, 7)
        assert kwargs["allow_redirects"] is False
        assert kwargs["verify"] == ca_file
        assert kwargs["stream"] is True
    assert len(session.seen) == 2


def test_verification_stays_on_without_a_bundle(plain_server: HostileServer) -> None:
    plain_server.script(respond(200, b"{}"))
    with RecordingSession() as session:
        transport = Transport(session, environ={})
        assert transport.ca_bundle is None
        transport.post_json(f"{plain_server.url}/rest/x", BODY)
    assert session.seen[0]["verify"] is True  # certifi's bundle; never False


def test_post_form_wire_format(plain_server: HostileServer) -> None:
    plain_server.script(respond(200, b"{}"))
    with Transport(environ={}) as transport:
        transport.post_form(
            f"{plain_server.url}/oauth/token/",
            {"grant_type": "refresh_token", "client_secret": "a&b=c d"},
        )
    (seen,) = plain_server.received
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert seen.body == b"grant_type=refresh_token&client_secret=a%26b%3Dc+d"
    assert seen.path == "/oauth/token/"
