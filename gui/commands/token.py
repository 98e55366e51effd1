"""``token set|show|forget --portal URL``: the portal's token in the OS keyring.

``set`` reads the token JSON from stdin (never from an argument, which would land in the shell
history and the process list) and checks it before storing; ``show`` prints it with every
secret masked; ``forget`` deletes it. A missing or locked keyring is exit 3 with what to do.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from gui.core.i18n import N_, _

log = logging.getLogger(__name__)


# Translators: keep the layout and the JSON example as they are.
SET_EPILOG = N_("""\
stdin: one JSON object, as the sandbox prints it or Bitrix24's OAuth server answers:
  required  {required}
  optional  {optional}
  (expires: unix seconds; other keys are kept as they are)
example:
  {{"access_token": "…", "refresh_token": "…", "expires": 1767225600,
   "client_id": "local.6a1b…", "client_secret": "…", "scope": "imopenlines,imconnector"}}
  b24-connector-configurator sandbox --port 8443 > token.json     (first terminal)
  b24-connector-configurator token set --portal http://127.0.0.1:8443 < token.json
""")
"""``token set --help``'s closing text (English source; shown as ``_(SET_EPILOG)``)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from gui.core.auth.tokens import OPTIONAL_KEYS, REQUIRED_KEYS

    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    epilogs = {
        "set": _(SET_EPILOG).format(
            required=", ".join(REQUIRED_KEYS), optional=", ".join(OPTIONAL_KEYS)
        )
    }
    for name, help_text in (
        ("set", N_("store the token JSON read from stdin")),
        ("show", N_("print the stored token with secrets masked")),
        ("forget", N_("delete the stored token (asks nothing: scripts call it)")),
    ):
        action = actions.add_parser(
            name,
            help=_(help_text),
            description=_(help_text),
            epilog=epilogs.get(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        action.add_argument(
            "--portal", required=True, metavar="URL", help=_("the portal's address")
        )


MAX_TOKEN_JSON_BYTES = 64 * 1024
"""What ``token set`` reads from stdin at most: a token pair is well under 4 KB."""


def run(args: argparse.Namespace) -> int:
    from gui.core.auth.tokens import StoredToken, TokenStore
    from gui.core.bounded_read import read_stdin
    from gui.core.errors import AuthError, InvalidInputError
    from gui.core.logs import register_secrets, try_configure_logging
    from gui.core.portal.address import PortalAddress

    try_configure_logging()
    portal = PortalAddress.parse(args.portal)
    store = TokenStore()
    if args.action == "set":
        if sys.stdin.isatty():
            print(_("Paste the token JSON, then press Ctrl-D:"), file=sys.stderr)
        raw = read_stdin(
            MAX_TOKEN_JSON_BYTES,
            too_large=_("The token JSON on stdin is larger than {limit}; a token is under 4 KB."),
            code="TOKEN_TOO_LARGE",
        )
        text = raw.decode("utf-8-sig", errors="replace")
        if not text.strip():
            raise InvalidInputError(_("No token JSON arrived on stdin."), code="TOKEN_EMPTY")
        token = StoredToken.from_json(text)
        register_secrets(token.secrets())
        store.save(portal, token)
        log.info("token set for %s", portal.host_key)
        print(_("Stored the token for {portal} in the OS keyring.").format(portal=portal.host_key))
        return 0
    if args.action == "show":
        shown = store.load(portal)
        if shown is None:
            raise AuthError(
                _("No token is stored for {portal}.").format(portal=portal.host_key),
                code="NO_TOKEN",
            )
        print(json.dumps(shown.masked(), indent=2, sort_keys=True, ensure_ascii=False))
        return 0
    log.info("token %s for %s", args.action, portal.host_key)
    if store.forget(portal):
        print(_("Deleted the token for {portal}.").format(portal=portal.host_key))
    else:
        print(_("No token was stored for {portal}.").format(portal=portal.host_key))
    return 0
