"""The token under signals and races (issue 11 points 1–2), with real processes.

Each round runs ``python -m gui register`` / ``onboard`` as a user would, against its own sandbox
on loopback whose OAuth server rotates the pair at once and answers 0.3 s later
(:class:`~tests.faults.LateAnswer`), with an expired token in the real Secret Service. A signal
(SIGINT or SIGTERM) is sent at a varied moment: from start-up on, around the first call (which the
portal answers ``expired_token``), while the refresh's answer is on the way, and while the pair is
being stored. A signal that lands while the interpreter itself is still starting (before any of the
program's code runs) stops it with nothing sent; that is counted apart. After each round the stored
pair is tried against the sandbox's OAuth server: a dead refresh token there is a **lost token**.
The race runs two processes at once on one portal. 20 rounds each, in parallel; the counts are
printed (run with ``-s`` to see them) and must be 0 lost tokens, 0 false "log in again", JSON
printed every time.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gui.core.auth.oauth import OAuthClient
from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.errors import AuthError
from gui.core.icon.codec import encode_data_image
from gui.core.paths import default_icon_path
from gui.core.portal.address import PortalAddress
from gui.core.portal.transport import Transport
from gui.sandbox import ManualClock, SandboxPortal, SandboxServer
from tests.faults import LateAnswer

pytestmark = pytest.mark.keyring

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 20
PARALLEL = 10
ANSWER_DELAY = 0.3
TWO_HOURS = 7200.0


@dataclass
class Portal:
    url: str
    portal: SandboxPortal
    clock: ManualClock
    refreshed: threading.Event


@contextmanager
def expired_portal(keyring: Any) -> Iterator[Portal]:
    """A sandbox whose stored token (in ``keyring``) the portal says has expired."""
    clock = ManualClock()
    portal = SandboxPortal(clock=clock)
    app = portal.create_app()
    with SandboxServer(portal) as server:
        token = StoredToken.from_mapping(portal.mint_token(app, base_url=server.url))
        TokenStore(keyring).save(PortalAddress.parse(server.url), token)
        clock.advance(TWO_HOURS)
        yield Portal(server.url, portal, clock, threading.Event())
        TokenStore(keyring).forget(PortalAddress.parse(server.url))


def profile_file(folder: Path) -> Path:
    data = {
        "ID": "acme_chat",
        "NAME": "Acme chat",
        "ICON": {"DATA_IMAGE": encode_data_image(default_icon_path().read_bytes())},
        "PLACEMENT_HANDLER": "https://acme.example/settings",
        "ONBOARDING": {
            "LINE": "1",
            "EVENTS": {"OnImConnectorMessageAdd": "https://connector.example.com/b24/events"},
        },
    }
    path = folder / "profile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def spawn(command: str, profile: Path, url: str, state: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"}}
    env.update(XDG_STATE_HOME=str(state), XDG_DATA_HOME=str(state / "data"), PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "gui", command, str(profile), "--portal", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=profile.parent,
    )


def pair_is_alive(keyring: Any, url: str) -> bool:
    """Whether the stored refresh token still works at the sandbox's OAuth server (spends it)."""
    stored = TokenStore(keyring).load(PortalAddress.parse(url))
    assert stored is not None
    with Transport(environ={}) as transport:
        try:
            OAuthClient(transport, url, force_server_url=True).refresh(stored)
        except AuthError as error:
            assert error.code == "invalid_grant", error
            return False
    return True


def json_lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def says_log_in_again(values: list[dict[str, Any]], stderr: str) -> bool:
    text = json.dumps(values) + stderr
    return "invalid_grant" in text or "log in again" in text.lower()


def signal_round(keyring: Any, tmp: Path, command: str, signum: int, index: int) -> tuple[str, ...]:
    """One round; returns the outcome labels it earned."""
    folder = tmp / f"round-{index}"
    folder.mkdir()
    with expired_portal(keyring) as sandbox:
        sandbox.portal.script_next(
            LateAnswer(ANSWER_DELAY, arrived=sandbox.refreshed.set), target="oauth"
        )
        called = threading.Event()  # the first REST call (answered expired_token) came in
        sandbox.portal.script_next(LateAnswer(0.0, arrived=called.set), target="rest")
        process = spawn(command, profile_file(folder), sandbox.url, folder / "state")
        step = index // 4
        if index % 2 == 0:  # while the refresh is on the way or being stored: 0 … 0.45 s in
            if sandbox.refreshed.wait(30):
                time.sleep((index // 2) * 0.05)
        elif index % 4 == 1:  # from start-up on: 0.2 … 1.0 s after the process started
            time.sleep(0.2 * (step + 1))
        elif called.wait(30):  # around the first call and the refresh it leads to: 0 … 0.4 s
            time.sleep(0.1 * step)
        if process.poll() is None:
            process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=120)
        values = json_lines(stdout)
        labels = []
        if not values and not sandbox.portal.received and process.returncode in (1, -signum):
            # The signal landed while the interpreter itself was starting (importing runpy and
            # the ``gui`` package), before any of the program's code could hold it: it stopped
            # there, as any Python program does, having sent nothing.
            labels.append("stopped in interpreter start-up, nothing sent")
        elif not values:
            labels.append("no JSON")
        if command == "register" and values and len(values) != 1:
            labels.append("not one JSON object")
        if any(value.get("error") == "INTERRUPTED" for value in values):
            labels.append("interrupted")
            if process.returncode != 128 + signum:
                labels.append(f"exit {process.returncode}")
        elif process.returncode == 0:
            labels.append("finished")
        elif labels:
            pass
        else:
            labels.append(f"failed {process.returncode}: {values} {stderr[-300:]}")
        if says_log_in_again(values, stderr):
            labels.append('false "log in again"')
        if not pair_is_alive(keyring, sandbox.url):
            labels.append("lost token")
        return tuple(labels)


def run_rounds(work: Any) -> Counter[str]:
    counts: Counter[str] = Counter()
    with ThreadPoolExecutor(PARALLEL) as pool:
        for labels in pool.map(work, range(ROUNDS)):
            counts.update(labels)
    return counts


def report(title: str, counts: Counter[str]) -> None:
    shown = {"lost token": 0, 'false "log in again"': 0, **counts}
    line = f"{title}: {ROUNDS} rounds: " + ", ".join(f"{k} {v}" for k, v in sorted(shown.items()))
    print(line)
    out = os.environ.get("B24_ATTACK_COUNTS")
    if out:
        with Path(out).open("a", encoding="utf-8") as file:
            file.write(line + "\n")


@pytest.mark.parametrize("command", ["register", "onboard"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_a_refresh_loses_nothing(
    command: str, signum: int, tmp_path: Path, secret_service_keyring: Any
) -> None:
    counts = run_rounds(
        lambda index: signal_round(secret_service_keyring, tmp_path, command, signum, index)
    )
    report(f"{command} + {signal.Signals(signum).name}", counts)

    assert counts["lost token"] == 0, counts
    assert counts['false "log in again"'] == 0, counts
    assert counts["no JSON"] == 0 and counts["not one JSON object"] == 0, counts
    allowed = {"interrupted", "finished", "stopped in interpreter start-up, nothing sent"}
    assert set(counts) <= allowed, counts
    assert counts["interrupted"] > 0, counts  # the signals did land


def race_round(keyring: Any, tmp: Path, index: int) -> tuple[str, ...]:
    folder = tmp / f"race-{index}"
    folder.mkdir()
    with expired_portal(keyring) as sandbox:
        # The first refresh rotates the pair at once and answers 0.3 s later; the second
        # process's refresh (if it sent one) would be answered at once.
        sandbox.portal.script_next(LateAnswer(ANSWER_DELAY), target="oauth")
        profile = profile_file(folder)
        first = spawn("register", profile, sandbox.url, folder / "state")
        second = spawn("register", profile, sandbox.url, folder / "state")
        labels = []
        for process in (first, second):
            stdout, stderr = process.communicate(timeout=120)
            values = json_lines(stdout)
            if len(values) != 1 or values[0].get("ok") is not True:
                labels.append(f"failed {process.returncode}: {values}")
            if says_log_in_again(values, stderr):
                labels.append('false "log in again"')
            if process.returncode == 0:
                labels.append("registered")
        refreshes = sum(1 for item in sandbox.portal.received if item.kind == "oauth_token")
        labels.append(f"{refreshes} refresh(es)")
        if not pair_is_alive(keyring, sandbox.url):
            labels.append("lost token")
        return tuple(labels)


def test_two_processes_refreshing_at_once_share_one_refresh(
    tmp_path: Path, secret_service_keyring: Any
) -> None:
    counts = run_rounds(lambda index: race_round(secret_service_keyring, tmp_path, index))
    report("two processes at once", counts)

    assert counts["lost token"] == 0, counts
    assert counts['false "log in again"'] == 0, counts
    assert counts["registered"] == 2 * ROUNDS, counts
    assert counts["1 refresh(es)"] == ROUNDS, counts  # one refresh shared, never two
