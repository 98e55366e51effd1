"""``sandbox-reply --portal URL --connector ID --line N --chat CHAT_ID --text TEXT``.

Makes the sandbox running at URL (``sandbox``, or the window's sandbox mode) play an operator's
reply in the visitor chat CHAT_ID: the external ``chat.id`` a visitor message brought in with
``imconnector.send.messages``. The sandbox posts ``OnImConnectorMessageAdd`` to every handler
bound for it, as Bitrix24 posts it, and this command prints one JSON object on stdout:
``{"deliveries": [{"handler", "status", "seconds"}]}`` (``status`` null when the handler could
not be reached); why nothing was delivered, when nothing was, goes to stderr.

Exit codes: 0 the reply was played (whatever the handlers answered: see each ``status``); 1 the
sandbox refused (no such visitor chat); 2 invalid input (not the local sandbox's address, a line
that is not a positive number, empty text or IDs); 4 the sandbox cannot be reached (not running,
TLS, timeout); 5 internal error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--portal", required=True, metavar="URL", help="the running sandbox's URL")
    parser.add_argument("--connector", required=True, metavar="ID", help="the connector's ID")
    parser.add_argument("--line", required=True, type=int, metavar="N", help="the Open Line")
    parser.add_argument(
        "--chat", required=True, metavar="CHAT_ID", help="the visitor chat's external ID"
    )
    parser.add_argument("--text", required=True, metavar="TEXT", help="what the operator says")
    parser.add_argument(
        "--ca-bundle",
        metavar="PATH",
        default=None,
        help="the CA file `sandbox --tls` printed (default: REQUESTS_CA_BUNDLE / SSL_CERT_FILE)",
    )
    parser.add_argument(  # every portal command takes it (README); no token is involved here
        "--oauth-server", metavar="URL", default=None, help="accepted and not used: no OAuth here"
    )


def run(args: argparse.Namespace) -> int:
    import requests

    from gui.core.errors import InvalidInputError, NetworkError, PortalError
    from gui.core.portal.address import PortalAddress
    from gui.sandbox.control import request_operator_reply

    address = PortalAddress.parse(args.portal)
    if not address.is_loopback:
        raise InvalidInputError(
            f"sandbox-reply talks to the local sandbox only (127.0.0.1, ::1, localhost), "
            f"not {address.host}.",
            field="portal",
        )
    if args.line < 1:
        raise InvalidInputError(f"--line must be a positive number, not {args.line}.", field="line")
    for name in ("connector", "chat", "text"):
        if not str(getattr(args, name)).strip():
            raise InvalidInputError(f"--{name} must not be empty.", field=name)
    if args.ca_bundle is not None and not Path(args.ca_bundle).is_file():
        raise InvalidInputError(f"No CA file at {args.ca_bundle}.", field="ca-bundle")
    try:
        status, answer = request_operator_reply(
            address.base_url,
            connector=args.connector,
            line=args.line,
            chat=args.chat,
            text=args.text,
            ca_bundle=args.ca_bundle,
        )
    except ValueError as exc:  # before RequestException: a JSON decode error is both
        raise NetworkError(
            f"{address.base_url} did not answer like the sandbox.", code="SANDBOX_BAD_ANSWER"
        ) from exc
    except requests.RequestException as exc:
        raise NetworkError(
            f"The sandbox at {address.base_url} cannot be reached: {exc}",
            code="SANDBOX_UNREACHABLE",
        ) from exc
    if status != 200 or not isinstance(answer, dict) or "deliveries" not in answer:
        error = answer if isinstance(answer, dict) else {}
        description = str(error.get("error_description") or f"HTTP {status}")
        raise PortalError(
            description, code=str(error.get("error") or "SANDBOX_REFUSED"), http_status=status
        )
    print(json.dumps({"deliveries": answer["deliveries"]}, ensure_ascii=False))
    if answer.get("note"):
        print(f"Nothing was delivered: {answer['note']}", file=sys.stderr)
    return 0
