"""``portals``: the portals the program holds a token for, as a JSON array of
``{"portal", "expires", "scope"}`` — host names and the token's expiry and scopes, no secret."""

from __future__ import annotations

import argparse

from gui.commands.portal_command import Outcome, answer_usage_errors_in_json, run_json_command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    answer_usage_errors_in_json(parser)


def run(args: argparse.Namespace) -> int:
    def work() -> Outcome:
        from gui.core.auth.tokens import TokenStore

        store, found = TokenStore(), []
        for host in store.portals():
            token = store.load(host)
            if token is not None:
                found.append({"portal": host, "expires": token.expires, "scope": token.scope})
        return found, 0, None

    return run_json_command("portals", work)
