"""Onboarding's own cost: a whole portal's onboarding against its REST round trips, and 20
portals against one.

Against the in-process sandbox over real TLS (a throwaway trustme CA), through the application
layer exactly as the CLI's ``onboard`` runs it (a token store on an in-memory keyring, so keyring
speed does not blur the client's cost). Measured side by side, interleaved in rounds (SETUP.md:
machines are noisy, report ratios from one run):

* **client overhead** — one portal's whole first onboarding (every step, fresh portal) divided by
  (the number of REST calls it made × the median time of one REST round trip on a kept-alive
  session, ``imconnector.list``). 1.0 would mean the flow costs nothing but its round trips;
  the session's TLS handshake and the heavier methods (register) come on top.
* **per-portal overhead** — 20 fresh portals onboarded one after the other, divided by 20 × one
  portal. 1.0 means a batch costs exactly its portals.

The sandboxes live in this process, which a real portal does not: their objects are frozen out of
the garbage collector's reach (``gc.freeze``) before anything is timed, otherwise the collector
walking 20 sandboxes' objects shows up as a per-portal cost that the client does not have
(measured: 1.25 with them in reach, 0.94 without).

Run: ``.venv/bin/python -m benchmarks.bench_onboarding [--rounds R] [--portals N]``.
"""

from __future__ import annotations

import argparse
import gc
import math
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import trustme

from gui.core.application import ClientSettings, Configurator
from gui.core.application.onboarding import on_portal, onboard
from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.portal.address import PortalAddress
from gui.sandbox import SandboxPortal, SandboxServer
from tests.fixtures_keyring import MemoryKeyring

PROFILE: dict[str, Any] = {
    "ID": "bench_connector",
    "NAME": "Benchmark",
    "ICON": {"DATA_IMAGE": "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E"},
    "PLACEMENT_HANDLER": "https://bench.example/settings",
    "ONBOARDING": {
        "LINE": "1",
        "DATA": {"ID": "b-1", "URL": "https://bench.example/c", "URL_IM": "", "NAME": "Bench"},
        "EVENTS": {"OnImConnectorMessageAdd": "https://bench.example/events"},
    },
}


class Bench:
    """A CA, a token store and a configurator shared by every sandbox of one run."""

    def __init__(self, stack: ExitStack) -> None:
        self.ca = trustme.CA()
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ca.issue_cert("127.0.0.1").configure_cert(self.context)
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        bundle = folder / "ca.pem"
        self.ca.cert_pem.write_to_path(str(bundle))
        self.store = TokenStore(MemoryKeyring())
        self.app = Configurator(ClientSettings(str(bundle)), self.store)
        self.stack = stack

    @contextmanager
    def portals(self, count: int) -> Iterator[list[tuple[SandboxPortal, PortalAddress]]]:
        """``count`` fresh sandboxes with a stored token each (set up outside any timing)."""
        with ExitStack() as stack:
            made = []
            for _ in range(count):
                portal = SandboxPortal(burst=math.inf)
                server = stack.enter_context(SandboxServer(portal, ssl_context=self.context))
                token = portal.mint_token(portal.create_app(), base_url=server.url)
                address = PortalAddress.parse(server.url)
                self.store.save(address, StoredToken.from_mapping(token))
                made.append((portal, address))
            gc.collect()
            gc.freeze()  # the sandboxes are not the client's: keep them out of the timing
            try:
                yield made
            finally:
                gc.unfreeze()


def onboard_all(bench: Bench, portals: list[tuple[SandboxPortal, PortalAddress]]) -> float:
    started = time.perf_counter()
    for _portal, address in portals:
        if not onboard(bench.app, address, PROFILE).ok:
            raise RuntimeError("a benchmark onboarding failed")
    return time.perf_counter() - started


def round_trip(bench: Bench, calls: int) -> float:
    """The median of ``calls`` REST round trips on one kept-alive session."""
    with bench.portals(1) as ((_portal, address),):

        def timed(session: Any) -> list[float]:
            times = []
            for _ in range(calls):
                started = time.perf_counter()
                session.methods().list_connectors()
                times.append(time.perf_counter() - started)
            return times

        return statistics.median(on_portal(bench.app, address, timed))


def run(rounds: int, count: int) -> dict[str, float]:
    one, many, trips, calls_per_portal = [], [], [], 0
    with ExitStack() as stack:
        bench = Bench(stack)
        with bench.portals(1) as portals:  # imports and TLS set-up out of the way
            onboard_all(bench, portals)
        for _ in range(rounds):
            trips.append(round_trip(bench, 30))
            with bench.portals(1) as portals:
                one.append(onboard_all(bench, portals))
                calls_per_portal = len(portals[0][0].received.rest_calls())
            with bench.portals(count) as portals:
                many.append(onboard_all(bench, portals))
    single, trip = statistics.median(one), statistics.median(trips)
    return {
        "rest_calls": calls_per_portal,
        "round_trip_ms": trip * 1000,
        "one_portal_ms": single * 1000,
        "client_overhead": single / (calls_per_portal * trip),
        "many_ms": statistics.median(many) * 1000,
        "per_portal_overhead": statistics.median(many) / (count * single),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--portals", type=int, default=20)
    args = parser.parse_args(argv)
    r = run(args.rounds, args.portals)
    print(f"one portal: {r['rest_calls']:.0f} REST calls, {r['one_portal_ms']:.1f} ms (median)")
    print(f"one REST round trip (kept-alive session): {r['round_trip_ms']:.2f} ms (median)")
    print(f"client overhead = onboarding / (calls x round trip) = {r['client_overhead']:.2f}")
    print(f"{args.portals} portals: {r['many_ms']:.1f} ms (median)")
    print(
        f"per-portal overhead = {args.portals} portals / ({args.portals} x one) = "
        f"{r['per_portal_overhead']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
