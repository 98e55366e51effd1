"""``sandbox [--port N] [--tls]``: run the local sandbox portal until Ctrl+C, for rehearsals.

Serves the sandbox portal and its OAuth server on loopback (plain HTTP is allowed there and only
there; ``--tls`` serves HTTPS with a throwaway CA for clients that build ``https://`` URLs only),
installs one app, and prints a ready token as **one line of JSON on stdout** in the token
store's shape, then releases stdout (when it is not a terminal) so that

    python -m gui sandbox --port 8765 | python -m gui token set --portal http://127.0.0.1:8765

stores it and returns while the sandbox keeps running. Everything meant for a person (the URL,
the CA file with ``--tls``, a webhook, the app's ``application_token`` that events carry, how to
play an operator with ``sandbox-reply``) goes to stderr. The sandbox posts events only to
handlers on this machine; the only file it writes is the CA's certificate (``--tls``), deleted
when it stops.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import ipaddress
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TextIO

from gui.commands.invocation import invocation
from gui.core.errors import InvalidInputError, NetworkError

LOOPBACK_NAMES = frozenset({"localhost"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=0, metavar="N", help="port to listen on (default: any free one)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="loopback address to listen on (default: 127.0.0.1)",
    )
    parser.add_argument(
        "--tls",
        action="store_true",
        help="serve HTTPS with a throwaway CA (its file is printed; trust it with "
        "REQUESTS_CA_BUNDLE or NODE_EXTRA_CA_CERTS)",
    )
    parser.add_argument(
        "--install-unfinished",
        action="store_true",
        help="rehearse the most common silent failure: app.info says INSTALLED false, and no "
        "event is delivered to any handler",
    )
    parser.add_argument(
        "--access-lifetime",
        type=float,
        default=3600.0,
        metavar="SECONDS",
        help="how long access tokens live (default: 3600, as on Bitrix24)",
    )


def run(args: argparse.Namespace) -> int:
    stop = threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    try:
        return serve(args, stop, sys.stdout, sys.stderr)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _check_options(args: argparse.Namespace) -> None:
    if not 0 <= args.port <= 65535:
        raise InvalidInputError(
            f"--port must be between 0 and 65535, not {args.port}.", field="port"
        )
    host = str(args.host)
    loopback = host.lower() in LOOPBACK_NAMES
    with contextlib.suppress(ValueError):
        loopback = loopback or ipaddress.ip_address(host).is_loopback
    if not loopback:
        raise InvalidInputError(
            f"The sandbox listens on loopback only (127.0.0.1, ::1, localhost), not {host}.",
            field="host",
        )
    if args.access_lifetime <= 0:
        raise InvalidInputError("--access-lifetime must be positive.", field="access-lifetime")


def serve(args: argparse.Namespace, stop: threading.Event, out: TextIO, err: TextIO) -> int:
    """Run until ``stop`` is set or Ctrl+C; the token goes to ``out``, the rest to ``err``."""
    from gui.sandbox import SandboxPortal, SandboxServer, ThrowawayCA

    _check_options(args)
    portal = SandboxPortal(access_lifetime=args.access_lifetime)
    app = portal.create_app()
    portal.set_installed(app, not getattr(args, "install_unfinished", False))
    hook = portal.create_webhook()
    with contextlib.ExitStack() as cleanup:
        ca = cleanup.enter_context(ThrowawayCA()) if getattr(args, "tls", False) else None
        context = ca.server_context() if ca is not None else None
        try:
            server = SandboxServer(portal, host=args.host, port=args.port, ssl_context=context)
            cleanup.callback(server.start().stop)
        except OSError as error:
            raise NetworkError(
                f"Cannot listen on {args.host}:{args.port}: {error.strerror or error}.",
                code="SANDBOX_LISTEN_FAILED",
            ) from error
        # Ctrl+C at any point from here on is the normal way to stop, not an interruption.
        with contextlib.suppress(KeyboardInterrupt):
            url = server.url
            token = portal.mint_token(app, base_url=url)
            out.write(json.dumps(token) + "\n")
            out.flush()
            _release(out)
            err.write(_instructions(url, app.client_id, ca.ca_file if ca is not None else None))
            err.write(
                f"A webhook (for the methods that are not app-only): {url}{hook.path}\n"
                f"Events posted to your handlers carry auth[application_token] = "
                f"{app.application_token}\n\nPress Ctrl+C to stop.\n"
            )
            err.flush()
            stop.wait()
    err.write("Sandbox stopped.\n")
    return 0


def _release(out: TextIO) -> None:
    """Close a piped stdout (by pointing it at /dev/null) so the reader sees end-of-file."""
    try:
        descriptor = out.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        return
    if os.isatty(descriptor):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


def _instructions(url: str, client_id: str, ca_file: Path | None) -> str:
    program = invocation()
    if ca_file is None:
        served = f"Sandbox portal running at {url}  (plain HTTP on loopback)\n"
        trust = ca_option = ""
    else:
        served = f"Sandbox portal running at {url}  (HTTPS on loopback)\nCA file: {ca_file}\n"
        trust = (
            "Trust it in clients: REQUESTS_CA_BUNDLE (or SSL_CERT_FILE) for Python, "
            f"NODE_EXTRA_CA_CERTS for Node, each ={ca_file}\n"
        )
        ca_option = f" --ca-bundle {ca_file}"
    return (
        f"{served}{trust}"
        f"OAuth server: {url}  (token endpoint {url}/oauth/token/)\n"
        f"App: client_id {client_id}; its secret is in the token JSON printed on stdout.\n"
        "\n"
        "Store the token (it is the JSON line above; piping this command works too):\n"
        f"  {program} token set --portal {url}\n"
        "Register a connector with it:\n"
        f"  {program} register PROFILE.json --portal {url} --oauth-server {url}\n"
        "Or log in the way a user would (it asks for the client secret, or reads it from "
        "stdin with --client-secret -):\n"
        f"  {program} login --portal {url} --client-id {client_id} --oauth-server {url}\n"
        "Play an operator's reply in a visitor chat (events go to your bound handlers):\n"
        f"  {program} sandbox-reply --portal {url} --connector ID --line 1 --chat CHAT_ID "
        f"--text TEXT{ca_option}\n"
        "\n"
    )
