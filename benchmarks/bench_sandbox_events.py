"""The sandbox's round trips per second over TLS: ``imconnector.register`` and an event delivery.

One in-process sandbox served over HTTPS with the product's own throwaway CA (``sandbox --tls``),
and one event handler on loopback served over HTTPS with a certificate from the same CA. Three
kinds of operation, interleaved in rounds so machine noise hits them alike (SETUP.md: report
ratios measured in one run):

* **register, kept alive** — a client posts ``imconnector.register`` on one kept-alive session;
* **register, new connection** — the same, each call on a new TLS connection;
* **event delivery** — the sandbox plays an operator's reply (``operator_reply``): it posts
  ``OnImConnectorMessageAdd`` to the bound handler and waits for its answer. The sandbox opens
  a new TLS connection per delivery, as Bitrix24 does.

Prints each one's rate and median, and the ratios to a kept-alive register.

Run: ``.venv/bin/python -m benchmarks.bench_sandbox_events [--calls N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from gui.sandbox import SandboxPortal, SandboxServer, ThrowawayCA

PROFILE = {
    "ID": "bench_connector",
    "NAME": "Benchmark",
    "ICON": {"DATA_IMAGE": "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E"},
    "PLACEMENT_HANDLER": "https://bench.example/settings",
}
TIMEOUT = (5, 30)


class Handler(BaseHTTPRequestHandler):
    """An integrator's event handler: reads the post, answers 200."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def timed(operation: Callable[[], bool]) -> float:
    started = time.perf_counter()
    if not operation():
        raise RuntimeError("a benchmark operation failed")
    return time.perf_counter() - started


def run(calls: int, rounds: int) -> dict[str, dict[str, float]]:
    portal = SandboxPortal(burst=math.inf)
    app = portal.create_app()
    with (
        ThrowawayCA() as ca,
        SandboxServer(portal, ssl_context=ca.server_context()) as server,
        requests.Session() as session,
    ):
        portal.event_poster.ca_bundle = str(ca.ca_file)
        receiver = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        receiver.socket = ca.server_context().wrap_socket(receiver.socket, server_side=True)
        serving = threading.Thread(target=receiver.serve_forever, kwargs={"poll_interval": 0.05})
        serving.start()
        try:
            token = portal.mint_token(app, base_url=server.url)["access_token"]

            def rest(method: str, post: Callable[..., requests.Response], **params: Any) -> Any:
                # verify per request: a session's verify loses to REQUESTS_CA_BUNDLE
                answer = post(
                    f"{server.url}/rest/{method}",
                    json={"auth": token, **params},
                    timeout=TIMEOUT,
                    verify=str(ca.ca_file),
                )
                return answer.json()["result"]

            def kept_alive() -> bool:
                return bool(rest("imconnector.register", session.post, **PROFILE)["result"])

            def new_connection() -> bool:
                return bool(rest("imconnector.register", requests.post, **PROFILE)["result"])

            def delivery() -> bool:
                reply = portal.operator_reply(PROFILE["ID"], 1, "bench-chat", "Hello")
                return len(reply.deliveries) == 1 and reply.deliveries[0].status == 200

            kept_alive()
            rest("imconnector.activate", session.post, CONNECTOR=PROFILE["ID"], LINE=1, ACTIVE=1)
            handler = f"https://127.0.0.1:{receiver.server_address[1]}/events"
            rest("event.bind", session.post, event="OnImConnectorMessageAdd", handler=handler)
            visitor = {"user": {"id": "v"}, "message": {"text": "Hi"}, "chat": {"id": "bench-chat"}}
            rest(
                "imconnector.send.messages",
                session.post,
                CONNECTOR=PROFILE["ID"],
                LINE=1,
                MESSAGES=[visitor],
            )
            operations = {
                "register, kept alive": kept_alive,
                "register, new connection": new_connection,
                "event delivery": delivery,
            }
            for operation in operations.values():  # warm up: connections, imports, caches
                for _ in range(max(3, calls // 20)):
                    operation()
            times: dict[str, list[float]] = {name: [] for name in operations}
            per_round = max(1, calls // rounds)
            for _ in range(rounds):
                for name, operation in operations.items():
                    times[name] += [timed(operation) for _ in range(per_round)]
        finally:
            receiver.shutdown()
            receiver.server_close()
            serving.join(10)
        if server.errors:
            raise RuntimeError(f"the sandbox failed: {server.errors!r}")
    return {
        name: {
            "count": float(len(spent)),
            "per_second": len(spent) / sum(spent),
            "median_ms": statistics.median(spent) * 1000,
        }
        for name, spent in times.items()
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=300, help="operations of each kind")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved rounds")
    args = parser.parse_args(argv)
    result = run(args.calls, args.rounds)
    base = result["register, kept alive"]
    count = int(base["count"])
    print(f"sandbox over TLS, {count} of each, interleaved in {args.rounds} rounds")
    for name, figures in result.items():
        print(
            f"  {name:<26} {figures['per_second']:7.1f} round trips/s   "
            f"median {figures['median_ms']:6.2f} ms   "
            f"x{figures['median_ms'] / base['median_ms']:.2f} a kept-alive register"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
