"""The profile's ONBOARDING object: kept exactly, checked before anything is sent, never sent
with register, and never in the way of Register."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gui.core.application.configurator import register_params
from gui.core.icon.codec import encode_data_image
from gui.core.model.connector import Connector
from gui.core.model.onboarding_plan import OnboardingPlan, plan_problems
from gui.core.model.validation import load_registrable_profile, validate_profile
from gui.core.paths import default_icon_path

PLAN = {
    "LINE": "7",
    "DATA": {"ID": "a-1", "URL": "https://a.example/c", "URL_IM": "", "NAME": "A"},
    "EVENTS": {"OnImConnectorMessageAdd": "https://a.example/events"},
    "TEST_MESSAGE": True,
    "X_VENDOR": {"keep": ["me"]},
}


def profile(plan: Any = PLAN) -> dict[str, Any]:
    return {
        "ID": "Acme_Chat",
        "NAME": "Acme",
        "ICON": {"DATA_IMAGE": encode_data_image(default_icon_path().read_bytes())},
        "PLACEMENT_HANDLER": "https://acme.example/settings",
        "ONBOARDING": plan,
    }


def test_onboarding_round_trips_exactly_through_the_model() -> None:
    kept = Connector.from_profile(json.loads(json.dumps(profile()))).to_profile()["ONBOARDING"]
    assert kept == PLAN  # mixed-case event names and unknown keys untouched
    plan = OnboardingPlan.from_profile(profile())
    assert (plan.line, plan.test_message, plan.extra) == ("7", True, {"X_VENDOR": {"keep": ["me"]}})
    assert plan.to_json() == PLAN


def test_register_never_sends_it_and_lower_cases_the_id() -> None:
    params = register_params(profile())
    assert "ONBOARDING" not in params and params["ID"] == "acme_chat"


@pytest.mark.parametrize(
    ("plan", "field", "code"),
    [
        ([], "ONBOARDING", "ONBOARDING_NOT_OBJECT"),
        ({**PLAN, "LINE": "seven"}, "ONBOARDING.LINE", "LINE_NOT_AN_ID"),
        ({**PLAN, "LINE_NAME": "Support"}, "ONBOARDING.LINE", "LINE_TWICE"),
        ({**PLAN, "DATA": {"URL": "ftp://x"}}, "ONBOARDING.DATA.URL", "DATA_URL_INVALID"),
        ({**PLAN, "EVENTS": {}}, "ONBOARDING.EVENTS.HANDLER", "MESSAGE_ADD_NOT_BOUND"),
        (
            {**PLAN, "EVENTS": {"OnImConnectorMessageAdd": "mailto:a@b"}},
            "ONBOARDING.EVENTS.HANDLER",
            "HANDLER_URL_INVALID",
        ),
        (
            {**PLAN, "EVENTS": {**PLAN["EVENTS"], "OnCrmLeadAdd": "https://a.example/e"}},
            "ONBOARDING.EVENTS.HANDLER",
            "EVENT_UNKNOWN",
        ),
    ],
)
def test_what_is_wrong_names_its_field(plan: Any, field: str, code: str) -> None:
    assert (field, code) in [(f, c) for f, c, _ in plan_problems(plan)]
    assert any(p.field == field and p.code == code for p in validate_profile(profile(plan)))


def test_a_bad_plan_stops_onboard_not_register(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(profile({**PLAN, "EVENTS": {}})), encoding="utf-8")
    assert "ONBOARDING" in load_registrable_profile(path)
    assert not any(p.code == "UNKNOWN_PARAMETER" for p in validate_profile(profile()))
    assert plan_problems(PLAN) == []
