"""``login --portal URL --client-id ID [--client-secret -]``: OAuth in the browser.

The authorization-code flow (BITRIX.md §3): the authorize URL with a random ``state`` is opened
in the browser (``--no-browser`` prints it instead); the redirect comes back to a listener on
127.0.0.1 that checks ``state``, or the user pastes the redirected address (or the bare code)
into this terminal. The code lives 30 seconds, so it is exchanged at once; the pair and the
client credentials go to the OS keyring. The granted scopes are reported, with a warning when
``imopenlines`` is missing (``imconnector.register`` needs it).

The client secret never has to be in argv (where ``ps`` and the shell history show it):
``--client-secret -`` reads it as the first line of stdin; without the option it is asked for
without echo on a terminal (or read as the first line of stdin when stdin is not one). A literal
value is still accepted for old scripts, with a warning, and no document shows it. A pasted line
that is neither the redirected address nor a code is answered at once, and asked for again.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import queue
import sys
from collections.abc import Callable
from typing import TextIO

from gui.commands.portal_command import add_network_arguments, configurator

REQUIRED_SCOPE = "imopenlines"
log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_network_arguments(parser)
    parser.add_argument("--client-id", required=True, metavar="ID", help="the app's client_id")
    parser.add_argument(
        "--client-secret",
        metavar="-",
        default=None,
        help="'--client-secret -' reads the app's client_secret from stdin (first line); "
        "without it, it is asked for without echo. Never put the secret itself here: "
        "ps and the shell history would show it",
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="print the address instead of opening it"
    )
    parser.add_argument(
        "--no-listener",
        action="store_true",
        help="do not listen on 127.0.0.1; paste the redirected address or the code instead",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="port of the 127.0.0.1 listener (default: any free one); match the app's redirect URI",
    )
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for the authorization"
    )


def run(args: argparse.Namespace) -> int:
    from gui.core.child_env import open_in_browser

    return login(
        args, open_browser=open_in_browser, stdin=sys.stdin, out=sys.stdout, err=sys.stderr
    )


def _client_secret(args: argparse.Namespace, stdin: TextIO) -> str:
    from gui.core.errors import InvalidInputError

    secret: str | None = args.client_secret
    if secret == "-":  # noqa: S105 - the stdin marker, not a password
        secret = stdin.readline()
    elif secret is None:
        if stdin.isatty():
            secret = getpass.getpass("client_secret (not shown): ")
        else:
            secret = stdin.readline()
    else:
        print(
            "warning: a client secret in the command line is visible to other users (ps) and "
            "stays in the shell history; use --client-secret - (stdin) or let login ask for it.",
            file=sys.stderr,
        )
    secret = (secret or "").strip()
    if not secret:
        raise InvalidInputError("The app's client_secret is needed.", code="NO_CLIENT_SECRET")
    return secret


def login(
    args: argparse.Namespace,
    *,
    open_browser: Callable[[str], bool],
    stdin: TextIO,
    out: TextIO,
    err: TextIO,
) -> int:
    """The login with its collaborators injected (tests never open a real browser)."""
    from gui.core.auth.login import (
        AuthorizationResponse,
        LoopbackListener,
        new_state,
        start_paste_reader,
    )
    from gui.core.errors import InvalidInputError
    from gui.core.logs import register_secrets, try_configure_logging
    from gui.core.portal.address import PortalAddress

    try_configure_logging()
    portal = PortalAddress.parse(args.portal)
    client_id = args.client_id.strip()
    if not client_id:
        raise InvalidInputError("The app's client_id is needed.", code="NO_CLIENT_ID")
    secret = _client_secret(args, stdin)
    register_secrets([secret])
    app = configurator(args)
    app.peek_token(portal)  # a missing or locked keyring fails now, before the code is spent
    state = new_state()
    listener = None if args.no_listener else LoopbackListener(state, args.port).start()
    try:
        redirect_uri = listener.redirect_uri if listener else None
        url = app.authorize_url(portal, client_id, state, redirect_uri)
        if args.no_browser or not open_browser(url):
            print(f"Open this address in your browser to authorize the app:\n{url}", file=out)
        else:
            print("Opened the browser to authorize the app.", file=out)
        if redirect_uri:
            print(
                f"Waiting for the redirect to {redirect_uri} (the app's redirect URI), "
                "or paste the redirected address or the code here and press Enter.",
                file=out,
            )
        else:
            print("Paste the redirected address or the code here and press Enter.", file=out)
        out.flush()
        # The listener and the paste reader answer on one queue; the first answer wins.
        results: queue.Queue[AuthorizationResponse | Exception] = (
            listener.results if listener else queue.Queue()
        )
        start_paste_reader(stdin, state, results, lambda text: _bad_paste(text, err))
        done = app.finish_login(portal, results, client_id, secret, timeout=args.timeout)
    finally:
        if listener is not None:
            listener.close()
    log.info("login to %s stored a token; scopes %s", portal.host_key, ",".join(done.token.scopes))
    _report(portal.host_key, done.domain, done.token.scopes, out, err)
    return 0


def _bad_paste(text: str, err: TextIO) -> None:
    """Said at once, so a wrong paste is not met with silence until the timeout."""
    print(f"Not usable: {text} Paste the redirected address (or the code) again.", file=err)
    err.flush()


def _report(host_key: str, domain: str, scopes: tuple[str, ...], out: TextIO, err: TextIO) -> None:
    from gui.core.errors import InvalidInputError
    from gui.core.portal.address import PortalAddress

    print(f"Signed in to {host_key}; the token is stored in the OS keyring.", file=out)
    print(f"Granted scopes: {', '.join(scopes) if scopes else '(none reported)'}", file=out)
    if REQUIRED_SCOPE not in scopes:
        print(
            f"warning: the app was not granted the '{REQUIRED_SCOPE}' scope, so "
            "imconnector.register will fail (insufficient_scope). Add imopenlines (and "
            "imconnector) to the app's permissions in the portal, then log in again.",
            file=err,
        )
    if domain:
        try:
            answered = PortalAddress.parse(domain).host_key
        except InvalidInputError:
            answered = domain
        if answered != host_key:
            print(
                f"warning: the authorization came from {domain}, not {host_key}; check that "
                "you signed in to the right portal.",
                file=err,
            )
