"""``register PROFILE.json --portal URL``: register the connector with the stored token.

Prints exactly one JSON object on stdout, whatever happens (DESIGN.md "Command line"):
``{"ok": true}``, or ``{"ok": false, "error": CODE, "description": TEXT, "field": NAME|null}``;
our explanation, when there is one, goes to stderr. The profile is validated first and nothing is
sent when it has errors (exit 2). An expired access token is refreshed once, the new pair is
stored in keyring, then the call is retried once.

Exit codes: 0 registered; 1 the portal refused; 2 invalid input; 3 authorisation (no token,
refresh failed, ``invalid_grant``, ``WRONG_AUTH_TYPE``, keyring); 4 network / TLS / timeout;
5 internal error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, NoReturn

from gui.core.errors import AuthError, B24Error, InternalError, InvalidInputError

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("profile", metavar="PROFILE.json", type=Path, help="the profile file")
    add_network_arguments(parser)

    def usage_error(message: str) -> NoReturn:
        # Even a usage mistake answers with the one JSON object scripts parse (exit 2).
        error = InvalidInputError(f"{message} (see --help)", code="USAGE")
        print(json.dumps(failure_json(error), ensure_ascii=False))
        parser.print_usage(sys.stderr)
        sys.exit(error.exit_code)

    parser.error = usage_error  # type: ignore[method-assign]


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """``--portal``, ``--oauth-server`` and ``--ca-bundle`` (shared with ``login``)."""
    parser.add_argument("--portal", required=True, metavar="URL", help="the portal's address")
    parser.add_argument(
        "--oauth-server",
        metavar="URL",
        default=None,
        help="the OAuth server (default: the one that issued the token, else "
        "https://oauth.bitrix.info)",
    )
    parser.add_argument(
        "--ca-bundle",
        metavar="PATH",
        default=None,
        help="a CA bundle to verify an on-premise portal's certificate "
        "(default: REQUESTS_CA_BUNDLE / SSL_CERT_FILE, else the system's)",
    )


def failure_json(error: B24Error) -> dict[str, Any]:
    """The command line's failure object for one of our errors."""
    return {"ok": False, "error": error.code, "description": error.message, "field": error.field}


def run(args: argparse.Namespace) -> int:
    from gui.core.logs import try_configure_logging

    try_configure_logging()
    try:
        payload, code, note = _register(args)
    except B24Error as exc:
        log.warning("register failed: %s (%s)", exc.code, exc.message)
        payload, code, note = failure_json(exc), exc.exit_code, None
    except Exception:
        log.exception("register failed unexpectedly")
        error = InternalError("An internal error occurred; the details are in the log.")
        payload, code, note = failure_json(error), error.exit_code, None
    print(json.dumps(payload, ensure_ascii=False))
    if note:
        print(note, file=sys.stderr)
    sys.stdout.flush()
    return code


def _load_profile(path: Path) -> dict[str, Any]:
    """The validated profile's parameters, or InvalidInputError for its first error."""
    from gui.core.model.connector import Connector
    from gui.core.model.validation import Severity, validate_profile

    try:
        raw = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise InvalidInputError(
            f"Cannot read the profile {path}: {exc.strerror or type(exc).__name__}.",
            code="PROFILE_UNREADABLE",
            field="profile",
        ) from None
    except (UnicodeDecodeError, ValueError):
        raise InvalidInputError(
            f"The profile {path} is not valid JSON.", code="PROFILE_NOT_JSON", field="profile"
        ) from None
    errors = [p for p in validate_profile(raw) if p.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        raise InvalidInputError(first.message, code=first.code, field=first.field)
    profile: dict[str, Any] = Connector.from_profile(raw).to_profile()
    return profile


def _register(args: argparse.Namespace) -> tuple[dict[str, Any], int, str | None]:
    from gui.core.auth.oauth import DEFAULT_OAUTH_SERVER, OAuthClient
    from gui.core.auth.refresh import AuthorizedClient, RefreshCoordinator
    from gui.core.auth.tokens import StoredToken, TokenStore
    from gui.core.logs import register_secrets
    from gui.core.portal.address import PortalAddress
    from gui.core.portal.rest import RestClient
    from gui.core.portal.transport import Transport

    portal = PortalAddress.parse(args.portal)
    profile = _load_profile(args.profile)
    store = TokenStore()
    token = store.load(portal)
    if token is None:
        raise AuthError(
            f"No token is stored for {portal.host_key}. Sign in first: "
            f"`login --portal {portal.base_url} --client-id …`, or store one with `token set`.",
            code="NO_TOKEN",
            field="portal",
        )
    register_secrets(token.secrets())

    def persist(new_token: StoredToken) -> None:
        register_secrets(new_token.secrets())
        store.save(portal, new_token)

    with Transport(ca_bundle=args.ca_bundle) as transport:
        oauth = OAuthClient(
            transport,
            args.oauth_server or DEFAULT_OAUTH_SERVER,
            force_server_url=bool(args.oauth_server),
        )
        client = AuthorizedClient(
            RestClient(transport), oauth, RefreshCoordinator(), reload=store.load
        )
        outcome = client.register(portal, token, persist, profile)
    log.info("register %s on %s: %s", profile.get("ID"), portal.host_key, outcome.error or "ok")
    if outcome.ok:
        return {"ok": True}, 0, None
    return outcome.to_json_dict(), 1, outcome.explanation
