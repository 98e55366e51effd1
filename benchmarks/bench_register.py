"""Register round trips per second against the sandbox over TLS, and what a refresh costs.

The client's own overhead: ``AuthorizedClient.register`` (transport, REST client, OAuth client,
single-flight refresh) against the in-process sandbox served over real TLS with a throwaway CA,
on one kept-alive session. Two kinds of operation are measured side by side, interleaved in
rounds so machine noise hits both alike (SETUP.md: report ratios measured in one run):

* **plain** — one ``imconnector.register`` with a valid token (one round trip);
* **refresh + retry** — the sandbox's clock has passed the token's expiry, so the call gets
  ``expired_token``, refreshes at the OAuth endpoint, persists the new pair (in memory here, so
  keyring speed does not blur the client's cost) and retries (three round trips).

Prints the plain round trips per second, both medians, and the cost ratio refresh+retry / plain.

The sandbox sets ``TCP_NODELAY`` on every accepted socket, as a real portal's nginx does; without
it each answer waited for the client's delayed ACK (~40 ms) and hid the client's cost entirely.

Run: ``.venv/bin/python -m benchmarks.bench_register [--calls N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import math
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import trustme

from gui.core.auth.oauth import OAuthClient
from gui.core.auth.refresh import AuthorizedClient, RefreshCoordinator
from gui.core.auth.tokens import StoredToken
from gui.core.portal.address import PortalAddress
from gui.core.portal.rest import RestClient
from gui.core.portal.transport import Transport
from gui.sandbox import ManualClock, SandboxPortal, SandboxServer

PROFILE = {
    "ID": "bench_connector",
    "NAME": "Benchmark",
    "ICON": {"DATA_IMAGE": "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E"},
    "PLACEMENT_HANDLER": "https://bench.example/settings",
}
HOUR = 3600.0


def timed(operation: Callable[[], bool]) -> float:
    started = time.perf_counter()
    if not operation():
        raise RuntimeError("a benchmark call did not register")
    return time.perf_counter() - started


def run(calls: int, rounds: int) -> dict[str, float]:
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    clock = ManualClock()
    portal = SandboxPortal(clock=clock, burst=math.inf)
    app = portal.create_app()
    with (
        tempfile.TemporaryDirectory() as folder,
        SandboxServer(portal, ssl_context=context) as server,
    ):
        bundle = Path(folder) / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        address = PortalAddress.parse(server.url)
        stored: list[StoredToken] = [
            StoredToken.from_mapping(portal.mint_token(app, base_url=server.url))
        ]
        with Transport(ca_bundle=bundle) as transport:
            client = AuthorizedClient(
                RestClient(transport),
                OAuthClient(transport, server.url),
                RefreshCoordinator(),
            )

            def plain() -> bool:
                return client.register(address, stored[-1], stored.append, PROFILE).ok

            def refresh_and_retry() -> bool:
                before = len(stored)
                clock.advance(HOUR + 1)
                ok = client.register(address, stored[-1], stored.append, PROFILE).ok
                return ok and len(stored) == before + 1

            for _ in range(max(5, calls // 10)):  # warm up: connections, imports, caches
                plain()
            plain_times: list[float] = []
            refresh_times: list[float] = []
            per_round = max(1, calls // rounds)
            for _ in range(rounds):
                plain_times += [timed(plain) for _ in range(per_round)]
                refresh_times += [timed(refresh_and_retry) for _ in range(per_round)]
        if server.errors:
            raise RuntimeError(f"the sandbox failed: {server.errors!r}")
    plain_median = statistics.median(plain_times)
    refresh_median = statistics.median(refresh_times)
    return {
        "calls_each": float(len(plain_times)),
        "plain_round_trips_per_second": len(plain_times) / sum(plain_times),
        "plain_median_ms": plain_median * 1000,
        "refresh_retry_median_ms": refresh_median * 1000,
        "refresh_retry_cost_ratio": refresh_median / plain_median,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=300, help="calls of each kind")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved rounds")
    args = parser.parse_args(argv)
    result = run(args.calls, args.rounds)
    print(f"register over TLS to the sandbox, {result['calls_each']:.0f} calls of each kind")
    print(
        f"  plain register:            {result['plain_round_trips_per_second']:.0f} round trips/s"
    )
    print(f"  plain median:              {result['plain_median_ms']:.2f} ms")
    print(f"  refresh + retry median:    {result['refresh_retry_median_ms']:.2f} ms")
    print(f"  refresh + retry / plain:   {result['refresh_retry_cost_ratio']:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
