"""The single onboarding steps from a terminal: ``lines``, ``connectors``, ``status``,
``activate``, ``events`` and ``unregister`` (README, "Command line").

Each prints exactly one JSON value on stdout (the failure object when something goes wrong) and
exits like ``register``: 0 done, 1 the portal refused, 2 invalid input, 3 authorisation,
4 network, 5 internal. ``activate`` refuses a connector ID the portal does not list before
sending anything (the portal would "activate" a mistyped ID silently).
"""

from __future__ import annotations

import argparse
from typing import Any

from gui.commands.portal_command import (
    add_network_arguments,
    answer_usage_errors_in_json,
    run_on_portal,
)


def _common(parser: argparse.ArgumentParser, *, connector: bool = False) -> None:
    if connector:
        parser.add_argument("connector", metavar="CONNECTOR", help="the connector's ID")
    add_network_arguments(parser)
    answer_usage_errors_in_json(parser)


def _line(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--line", required=True, metavar="ID", help="the Open Line's ID")


def _connector_id(args: argparse.Namespace) -> str:
    return str(args.connector).strip().lower()  # the form the portal stores (it lower-cases the ID)


# ---------------------------------------------------------------------- lines
class Lines:
    """``lines --portal URL``: every Open Line (all pages) as ``[{ID, LINE_NAME, ACTIVE}]``."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        _common(parser)

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        return run_on_portal(
            args, "lines", lambda s: [line.to_json() for line in s.methods().list_lines()]
        )


class Connectors:
    """``connectors --portal URL``: ``imconnector.list`` as a JSON object."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        _common(parser)

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        return run_on_portal(args, "connectors", lambda s: s.methods().list_connectors())


class Status:
    """``status CONNECTOR --portal URL --line ID``: the checklist as one JSON object."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        _common(parser, connector=True)
        _line(parser)

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        from gui.core.application.onboarding import check_session

        return run_on_portal(
            args,
            "status",
            lambda s: check_session(s, _connector_id(args), args.line, {}),
            lambda checklist: 0 if checklist.ready else 1,  # scripts: `status … && echo ready`
        )


class Activate:
    """``activate CONNECTOR --portal URL --line ID [--off]``."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        _common(parser, connector=True)
        _line(parser)
        parser.add_argument("--off", action="store_true", help="deactivate instead")

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        from gui.core.application.onboarding import activate

        def act(session: Any) -> dict[str, Any]:
            activate(session, _connector_id(args), args.line, not args.off)
            return {"ok": True}

        return run_on_portal(args, "activate", act)


class Events:
    """``events --portal URL`` lists the app's handlers; ``events bind|unbind EVENT HANDLER``."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("action", nargs="?", choices=("bind", "unbind"), help="omit to list")
        parser.add_argument(
            "event", nargs="?", metavar="EVENT", help="e.g. OnImConnectorMessageAdd"
        )
        parser.add_argument("handler", nargs="?", metavar="HANDLER", help="the handler URL")
        _common(parser)

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        from gui.core.errors import InvalidInputError

        def act(session: Any) -> Any:
            methods = session.methods()
            if args.action is None:
                return [{"event": e.event, "handler": e.handler} for e in methods.events()]
            if not (args.event and args.handler):
                raise InvalidInputError(
                    f"events {args.action} needs EVENT and HANDLER.", code="USAGE"
                )
            if args.action == "bind":
                return {"ok": True, "changed": methods.bind_event(args.handler, args.event)}
            return {"ok": True, "count": methods.unbind_event(args.event, args.handler)}

        return run_on_portal(args, "events", act)


class Unregister:
    """``unregister CONNECTOR --portal URL``: ``{"ok": true}`` or the portal's refusal."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        _common(parser, connector=True)

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        from gui.commands.portal_command import Outcome, configurator, run_json_command
        from gui.core.portal.address import PortalAddress

        def work() -> Outcome:
            portal = PortalAddress.parse(args.portal)
            with configurator(args).open(portal) as session:
                outcome = session.methods().unregister(_connector_id(args))
            code = 0 if outcome.ok else 1
            return outcome.to_json_dict(), code, outcome.explanation

        return run_json_command("unregister", work)
