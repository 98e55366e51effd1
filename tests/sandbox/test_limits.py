"""The sandbox under load a hostile or careless client can make: parallel huge uploads share one
memory budget, 200 simultaneous connections are all answered, and the record of requests stays
bounded. The uploads run against a real sandbox subprocess whose peak memory (``VmHWM``) is read
from ``/proc``: eight parallel 31 MB uploads took it to 700 MB before the budget was global."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gui.sandbox import SandboxPortal, SandboxServer
from gui.sandbox.body_budget import BodyBudget
from gui.sandbox.record import ReceivedRequest, RequestLog

ROOT = Path(__file__).resolve().parents[2]
UPLOADS = 8
UPLOAD_BYTES = 31 * 1024 * 1024
PEAK_LIMIT_KB = 350 * 1024  # measured: ~220 MB with the global budget, ~700 MB without
CONNECTIONS = 200

SERVE = """
import sys
from gui.sandbox import SandboxPortal, SandboxServer
server = SandboxServer(SandboxPortal()).start()
print(server.url, flush=True)
sys.stdin.readline()
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM")), flush=True)
server.stop()
"""


def upload(host: str, port: int, statuses: list[object]) -> None:
    body = b'{"auth": "x", "pad": "' + b"a" * UPLOAD_BYTES + b'"}'
    connection = http.client.HTTPConnection(host, port, timeout=120)
    try:
        connection.request("POST", "/rest/app.info", body=body)
        statuses.append(connection.getresponse().status)
    except OSError as exc:
        statuses.append(type(exc).__name__)
    finally:
        connection.close()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_parallel_huge_uploads_share_one_memory_budget(tmp_path: Path) -> None:
    statuses: list[object] = []
    with subprocess.Popen(
        [sys.executable, "-c", SERVE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        cwd=tmp_path,
    ) as sandbox:
        try:
            assert sandbox.stdout is not None and sandbox.stdin is not None
            url = urlsplit(sandbox.stdout.readline().strip())
            threads = [
                threading.Thread(target=upload, args=(url.hostname, url.port, statuses))
                for _ in range(UPLOADS)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            sandbox.stdin.write("\n")
            sandbox.stdin.flush()
            peak_kb = int(sandbox.stdout.readline())
        finally:
            sandbox.kill()
    # Each one answered: 401 (read, the fake token refused) or, when it waited 60 s for the
    # budget on a busy machine, 503; never a reset.
    assert len(statuses) == UPLOADS and set(statuses) <= {401, 503} and 401 in statuses
    print(f"sandbox peak memory after {UPLOADS} parallel 31 MB uploads: {peak_kb // 1024} MB")
    assert peak_kb < PEAK_LIMIT_KB


def test_a_connection_waits_for_the_budget_and_stopping_wakes_it() -> None:
    budget = BodyBudget(limit=100)
    stopping = threading.Event()
    assert budget.reserve(60, stopping, wait=0)
    assert not budget.reserve(60, stopping, wait=0)  # would exceed the shared limit
    assert not budget.reserve(101, stopping, wait=5)  # can never fit: refused at once
    later = threading.Timer(0.1, budget.release, args=(60,))
    later.start()
    assert budget.reserve(60, stopping, wait=30)  # fits once the other one is answered
    stopping.set()
    assert not budget.reserve(60, stopping, wait=30)  # a stopping server does not wait
    later.join()


def test_200_simultaneous_connections_are_all_answered() -> None:
    """The listen backlog was socketserver's 5: 26 of 200 connections were never answered."""
    outcomes: list[str] = []
    with SandboxServer(SandboxPortal()) as server:
        url = urlsplit(server.url)
        start = threading.Barrier(CONNECTIONS)

        def connect() -> None:
            try:
                start.wait(timeout=60)
                with socket.create_connection((url.hostname, url.port), timeout=60) as sock:
                    sock.sendall(b"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    first = sock.recv(64).split(b"\r\n")[0]
                    outcomes.append(first[:8].decode() if first else "closed")
            except (OSError, threading.BrokenBarrierError) as exc:
                outcomes.append(type(exc).__name__)

        threads = [threading.Thread(target=connect) for _ in range(CONNECTIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert server.errors == []
    print(f"{CONNECTIONS} simultaneous connections: {dict(Counter(outcomes))}")
    assert outcomes == ["HTTP/1.1"] * CONNECTIONS


def request(body: bytes) -> ReceivedRequest:
    return ReceivedRequest(
        method="POST",
        path="/rest/x",
        query="",
        headers={},
        body=body,
        params={"pad": body.decode()},
        auth=None,
        auth_in_url=False,
        time=0.0,
        kind="rest",
    )


def test_the_record_keeps_recent_bodies_within_its_budget() -> None:
    log = RequestLog(bodies_limit=1000)
    for size in (300, 300, 300):
        log.append(request(b"a" * size))
    assert [entry.body_dropped for entry in log] == [True, True, False]
    assert [len(entry.body) for entry in log] == [0, 0, 300]
    assert log[0].params == {} and log[0].path == "/rest/x"  # the rest of the entry is kept
    log.clear()
    log.append(request(b"b" * 400))
    assert [len(entry.body) for entry in log] == [400]
