"""The total deadline a trickling server cannot extend, and Cancel that closes the socket at once.

Against the raw-socket fault server on real loopback (plain and TLS): a server sending its
headers one byte at a time gets every read in before the read timeout, so only the total
deadline ends the exchange; a Cancel from another thread ends a blocked read at once, instead of
when the read timeout runs out (issue 11 point 3, issue 12 point 3).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import trustme

from gui.core.auth.oauth import OAuthClient
from gui.core.auth.tokens import StoredToken
from gui.core.cancel import CancelToken
from gui.core.errors import NetworkError, OperationCancelled
from gui.core.portal.transport import Transport
from tests.faults.raw_socket import HostileServer, respond, stall, trickle

BODY = {"ID": "acme_chat"}
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


@pytest.fixture
def tls_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(params=["http", "https"])
def server(request: pytest.FixtureRequest, tls_ca: trustme.CA) -> Iterator[HostileServer]:
    context = None
    if request.param == "https":
        import ssl

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_ca.issue_cert("127.0.0.1").configure_cert(context)
    with HostileServer(context) as running:
        yield running


def transport_for(
    server: HostileServer, tls_ca: trustme.CA, tmp_path: Any, **options: Any
) -> Transport:
    bundle = None
    if server.url.startswith("https"):
        bundle = tmp_path / "ca.pem"
        tls_ca.cert_pem.write_to_path(str(bundle))
    return Transport(ca_bundle=bundle, environ={}, **options)


def test_headers_trickled_a_byte_at_a_time_hit_the_total_deadline(
    server: HostileServer, tls_ca: trustme.CA, tmp_path: Any
) -> None:
    server.script(trickle(HEAD, interval=0.1))  # each read in time; the whole takes 6+ s
    started = time.monotonic()
    with (
        transport_for(server, tls_ca, tmp_path, connect_timeout=0.5, read_timeout=1.0) as t,
        pytest.raises(NetworkError) as caught,
    ):
        t.post_json(f"{server.url}/rest/x", BODY)
    elapsed = time.monotonic() - started
    assert caught.value.code == "TIMEOUT"
    assert "1.5 s" in caught.value.message
    assert elapsed < 4.0, f"the trickle kept the request alive {elapsed:.1f} s"


def test_a_refresh_trickled_to_uses_the_same_deadline(
    server: HostileServer, tls_ca: trustme.CA, tmp_path: Any
) -> None:
    server.script(trickle(HEAD, interval=0.1))
    token = StoredToken("a", "r", 1, "cid", "csecret")
    started = time.monotonic()
    with (
        transport_for(server, tls_ca, tmp_path, connect_timeout=0.5, read_timeout=1.0) as t,
        pytest.raises(NetworkError) as caught,
    ):
        OAuthClient(t, server.url, force_server_url=True).refresh(token)
    assert caught.value.code == "TIMEOUT"
    assert time.monotonic() - started < 4.0


def test_cancel_closes_a_blocked_read_at_once(
    server: HostileServer, tls_ca: trustme.CA, tmp_path: Any
) -> None:
    server.script(stall(), respond(200, b'{"result":true}'))
    cancel = CancelToken()
    with transport_for(server, tls_ca, tmp_path, read_timeout=30.0) as t:
        timer = threading.Timer(0.3, cancel.cancel)
        timer.start()
        started = time.monotonic()
        with pytest.raises(OperationCancelled):
            t.post_json(f"{server.url}/rest/x", BODY, cancel)
        cancelled_after = time.monotonic() - started
        timer.join()
        # The next request on the same transport leaves at once and is answered.
        started = time.monotonic()
        answer = t.post_json(f"{server.url}/rest/y", BODY)
        next_took = time.monotonic() - started
    assert answer.body == b'{"result":true}'
    assert cancelled_after < 1.5, f"Cancel took {cancelled_after:.2f} s to end the request"
    assert next_took < 1.5
