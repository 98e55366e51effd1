"""Guided onboarding against the sandbox over real TLS: the steps, their order and wire format,
idempotence, and the traps the portal does not catch (a mistyped ID, a handler bound twice, a
stale handler, an unfinished installation)."""

from __future__ import annotations

from typing import Any

import pytest

from gui.core.application import ClientSettings, Configurator
from gui.core.application.onboarding import (
    INSTALL_HELP,
    OnboardingReport,
    activate,
    check_session,
    on_portal,
    onboard,
    teardown,
)
from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.errors import PortalError
from gui.core.icon.codec import encode_data_image
from gui.core.paths import default_icon_path
from gui.core.portal.address import PortalAddress
from gui.sandbox import ManualClock
from tests.fixtures_keyring import MemoryKeyring
from tests.fixtures_sandbox import EventReceiver, RunningSandbox

HANDLER = "https://connector.example.com/b24/events"


def profile(**onboarding: Any) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "LINE": "2",
        "DATA": {
            "ID": "acme-1",
            "URL": "https://acme.example/chat",
            "URL_IM": "https://acme.example/im",
            "NAME": "Acme chat",
        },
        "EVENTS": {"OnImConnectorMessageAdd": HANDLER},
    }
    plan.update(onboarding)
    return {
        "ID": "Acme_Chat",
        "NAME": "Acme chat",
        "ICON": {"DATA_IMAGE": encode_data_image(default_icon_path().read_bytes())},
        "PLACEMENT_HANDLER": "https://acme.example/settings",
        "ONBOARDING": {key: value for key, value in plan.items() if value is not None},
    }


@pytest.fixture
def app(tls_sandbox: RunningSandbox, memory_keyring: MemoryKeyring) -> Configurator:
    store = TokenStore(memory_keyring)
    token = StoredToken.from_mapping(tls_sandbox.ready_token())
    store.save(PortalAddress.parse(tls_sandbox.url), token)
    settings = ClientSettings(str(tls_sandbox.ca_bundle), tls_sandbox.oauth_server)
    return Configurator(settings, store)


def run(app: Configurator, sandbox: RunningSandbox, data: dict[str, Any], **options: Any) -> Any:
    return onboard(app, PortalAddress.parse(sandbox.url), data, **options)


def sent(sandbox: RunningSandbox, start: int = 0) -> list[str]:
    return [str(r.rest_method) for r in sandbox.portal.received.rest_calls()[start:]]


def steps(report: OnboardingReport) -> list[tuple[str, bool, bool]]:
    return [(step.step, step.ok, step.changed) for step in report.steps]


def test_the_whole_flow_in_order_with_the_stored_id(
    app: Configurator, tls_sandbox: RunningSandbox
) -> None:
    report = run(app, tls_sandbox, profile())

    assert report.ok, report.to_json()
    assert steps(report) == [
        ("preflight", True, False),
        ("register", True, True),
        ("line", True, False),
        ("activate", True, True),
        ("data", True, True),
        ("events", True, True),
        ("status", True, False),
    ]
    assert sent(tls_sandbox) == [
        "app.info",
        "imconnector.list",
        "imconnector.register",
        "imopenlines.config.list.get",
        "imconnector.status",
        "imconnector.activate",
        "imconnector.connector.data.set",
        "event.get",
        "event.bind",
        "imconnector.list",
        "imconnector.status",
        "app.info",
        "event.get",
    ]
    calls = {r.rest_method: r.params for r in tls_sandbox.portal.received.rest_calls()}
    assert calls["imconnector.register"]["ID"] == "acme_chat"
    assert "ONBOARDING" not in calls["imconnector.register"]
    assert calls["imconnector.activate"] == {
        "CONNECTOR": "acme_chat",
        "LINE": "2",
        "ACTIVE": 1,
        "auth": calls["imconnector.activate"]["auth"],
    }
    assert calls["imconnector.connector.data.set"]["DATA"] == profile()["ONBOARDING"]["DATA"]
    assert calls["event.bind"]["event"] == "OnImConnectorMessageAdd"
    assert calls["event.bind"]["handler"] == HANDLER
    assert tls_sandbox.portal.binding("acme_chat", 2).active
    assert report.checklist is not None and report.checklist.ready
    assert report.to_json()["steps"][1] == {
        "step": "register",
        "ok": True,
        "changed": True,
        "error": None,
        "description": "acme_chat registered.",
    }


def test_a_second_run_changes_nothing_and_binds_nothing(
    app: Configurator, tls_sandbox: RunningSandbox
) -> None:
    assert run(app, tls_sandbox, profile()).ok
    first = len(tls_sandbox.portal.received.rest_calls())

    again = run(app, tls_sandbox, profile())

    assert again.ok and again.checklist is not None and again.checklist.ready
    second = sent(tls_sandbox, first)
    assert "event.bind" not in second and "imconnector.activate" not in second
    assert [s.step for s in again.steps if s.changed] == ["data"]
    assert tls_sandbox.portal.bound_events == [("ONIMCONNECTORMESSAGEADD", HANDLER)]


def test_lines_are_read_across_pages_and_picked_by_name(
    memory_keyring: MemoryKeyring, sandbox_clock: ManualClock, tls_sandbox: RunningSandbox
) -> None:
    for number in range(3, 121):
        tls_sandbox.portal.add_line(f"Line {number}")
    store = TokenStore(memory_keyring)
    store.save(
        PortalAddress.parse(tls_sandbox.url), StoredToken.from_mapping(tls_sandbox.ready_token())
    )
    app = Configurator(ClientSettings(str(tls_sandbox.ca_bundle), tls_sandbox.oauth_server), store)

    report = run(app, tls_sandbox, profile(LINE=None, LINE_NAME="line 117"))

    assert report.ok, report.to_json()
    pages = tls_sandbox.portal.received.rest_calls("imopenlines.config.list.get")
    assert [(p.params["PARAMS"]["limit"], p.params["PARAMS"]["offset"]) for p in pages] == [
        (50, 0),
        (50, 50),
        (50, 100),
    ]
    line = next(s for s in report.steps if s.step == "line")
    assert line.description is not None and "Line 117" in line.description
    assert tls_sandbox.portal.binding("acme_chat", 117).active


def test_a_missing_line_stops_the_flow_and_says_where(
    app: Configurator, tls_sandbox: RunningSandbox
) -> None:
    report = run(app, tls_sandbox, profile(LINE="99"))

    assert not report.ok
    assert [s.step for s in report.steps] == ["preflight", "register", "line"]
    assert report.to_json()["error"] == "LINE_NOT_FOUND"
    assert report.to_json()["field"] == "ONBOARDING.LINE"
    assert report.exit_code == 2
    assert not {"imconnector.activate", "event.bind"} & set(sent(tls_sandbox))


def test_a_line_is_created_only_when_asked(app: Configurator, tls_sandbox: RunningSandbox) -> None:
    plan = profile(LINE=None, LINE_NAME="Acme support")
    refused = run(app, tls_sandbox, plan)
    assert refused.to_json()["error"] == "LINE_NOT_FOUND"
    assert "imopenlines.config.add" not in sent(tls_sandbox)

    created = run(app, tls_sandbox, plan, create_line=True)

    assert created.ok, created.to_json()
    (add,) = tls_sandbox.portal.received.rest_calls("imopenlines.config.add")
    assert add.params["PARAMS"]["LINE_NAME"] == "Acme support"
    assert [s.step for s in created.steps if s.changed][:2] == ["line", "activate"]


def test_a_mistyped_connector_id_is_caught_before_activate(
    app: Configurator, tls_sandbox: RunningSandbox
) -> None:
    assert run(app, tls_sandbox, profile()).ok
    before = len(tls_sandbox.portal.received.rest_calls("imconnector.activate"))

    with pytest.raises(PortalError) as caught:
        on_portal(
            app,
            PortalAddress.parse(tls_sandbox.url),
            lambda session: activate(session, "acme_caht", "2"),
        )

    assert caught.value.code == "CONNECTOR_NOT_REGISTERED" and caught.value.field == "ID"
    assert len(tls_sandbox.portal.received.rest_calls("imconnector.activate")) == before


def test_an_already_bound_handler_is_success_and_a_stale_one_is_reported(
    app: Configurator, tls_sandbox: RunningSandbox
) -> None:
    portal = PortalAddress.parse(tls_sandbox.url)

    def bind_directly(handler: str) -> bool:
        return on_portal(app, portal, lambda s: s.methods().bind_event(handler))

    assert bind_directly(HANDLER) is True
    assert bind_directly(HANDLER) is False  # "Handler already binded": done, not an error
    assert bind_directly("https://old.example.com/handler") is True

    report = run(app, tls_sandbox, profile())

    events = next(s for s in report.steps if s.step == "events")
    assert events.ok and not events.changed
    assert events.detail["stale"] == [
        {"event": "OnImConnectorMessageAdd", "handler": "https://old.example.com/handler"}
    ]
    assert events.description is not None and "old.example.com" in events.description
    assert report.ok


def test_an_unfinished_installation_is_said_plainly(
    app: Configurator, tls_sandbox: RunningSandbox
) -> None:
    tls_sandbox.portal.set_installed(installed=False)

    report = run(app, tls_sandbox, profile())

    preflight = report.steps[0]
    assert (preflight.ok, preflight.error, preflight.description) == (
        False,
        "APP_NOT_INSTALLED",
        INSTALL_HELP,
    )
    assert "no event" in INSTALL_HELP
    assert [s.step for s in report.steps][-1] == "status"  # the other steps ran
    assert report.checklist is not None
    assert not report.checklist.app_installed and not report.checklist.ready
    assert report.checklist.registered and report.checklist.events_bound


def test_teardown_deactivates_unbinds_and_unregisters(
    app: Configurator, tls_sandbox: RunningSandbox
) -> None:
    assert run(app, tls_sandbox, profile()).ok
    portal = PortalAddress.parse(tls_sandbox.url)
    events = {"OnImConnectorMessageAdd": HANDLER}

    results = on_portal(app, portal, lambda s: teardown(s, "Acme_Chat", "2", events))

    assert [(r.step, r.ok) for r in results] == [
        ("deactivate", True),
        ("unbind", True),
        ("unregister", True),
    ]
    assert not tls_sandbox.portal.binding("acme_chat", 2).active
    assert tls_sandbox.portal.bound_events == []
    assert "acme_chat" not in tls_sandbox.portal.connectors
    checklist = on_portal(app, portal, lambda s: check_session(s, "acme_chat", "2", events))
    assert not checklist.registered and not checklist.ready


def test_the_test_message_reaches_the_line(app: Configurator, tls_sandbox: RunningSandbox) -> None:
    report = run(app, tls_sandbox, profile(TEST_MESSAGE=True))

    assert report.ok, report.to_json()
    assert report.steps[-1].step == "test_message"
    (message,) = tls_sandbox.portal.messages.snapshot()
    assert message.text == "Test message from B24 Connector Configurator"


def test_an_operator_reply_reaches_the_bound_handler(
    memory_keyring: MemoryKeyring, tls_sandbox: RunningSandbox, event_receiver: EventReceiver
) -> None:
    """The round trip the onboarding exists for: a visitor message in, an operator reply out."""
    store = TokenStore(memory_keyring)
    store.save(
        PortalAddress.parse(tls_sandbox.url), StoredToken.from_mapping(tls_sandbox.ready_token())
    )
    app = Configurator(ClientSettings(str(tls_sandbox.ca_bundle), tls_sandbox.oauth_server), store)
    plan = profile(TEST_MESSAGE=True, EVENTS={"OnImConnectorMessageAdd": event_receiver.url})

    assert run(app, tls_sandbox, plan).ok

    reply = tls_sandbox.portal.operator_reply("acme_chat", 2, "b24cc-test-chat", "Hello!")
    assert [d.status for d in reply.deliveries] == [200]
    assert event_receiver.wait_for(1)
    form = event_receiver.posts[0].form()
    assert form["event"] == "ONIMCONNECTORMESSAGEADD"
    assert form["data[CONNECTOR]"] == "acme_chat"


def test_without_a_token_the_portal_is_a_failed_preflight(
    tls_sandbox: RunningSandbox, memory_keyring: MemoryKeyring
) -> None:
    app = Configurator(
        ClientSettings(str(tls_sandbox.ca_bundle), tls_sandbox.oauth_server),
        TokenStore(memory_keyring),
    )

    report = run(app, tls_sandbox, profile())

    assert report.to_json() == {
        "portal": PortalAddress.parse(tls_sandbox.url).host_key,
        "ok": False,
        "steps": [report.steps[0].to_json()],
        "error": "NO_TOKEN",
        "field": "portal",
    }
    assert report.exit_code == 3 and list(tls_sandbox.portal.received) == []
