"""Properties: arbitrary input never raises anything but a validation result, and the rules hold
for every value, not just the examples in ``test_validation.py``."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.core.errors import InvalidInputError
from gui.core.icon.codec import encode_data_image
from gui.core.model.connector import (
    FLAG_DEFAULTS,
    ICON_KEYS,
    KNOWN_KEYS,
    PROFILE_FIELDS,
    Connector,
    IconSpec,
    parse_profile_text,
    profile_json,
)
from gui.core.model.validation import (
    PROFILE_FIELD,
    Problem,
    Severity,
    has_errors,
    validate_connector,
    validate_profile,
)

INTERNAL_FAILURES = {"VALIDATION_FAILED", "ICON_CHECK_FAILED"}
GOOD_IMAGE = encode_data_image(
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    b'<circle cx="12" cy="12" r="9" fill="#fff"/></svg>'
)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=15,
)


def spelled(keys: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A known key in the case a user might write it (the server ignores case)."""
    return st.sampled_from(keys).flatmap(
        lambda key: st.sampled_from([key, key.lower(), key.title()])
    )


tricky_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            " ",
            ".",
            "acme.chat",
            "Acme_Chat",
            "https://connector.acme-corp.com/settings",
            "http://localhost/",
            "https://[::1",
            "https://a:99999/",
            "data:image/svg+xml,",
            "data:image/svg+xml;base64,!!!",
            "data:image/svg+xml,%3Csvg",
            "data:,",
            GOOD_IMAGE,
            GOOD_IMAGE[:40],
            "red",
            "rgb(1 2 3 / 50%)",
            "90%",
            "right 10% bottom",
            "calc(1px + ",
            "\ud800",
        ]
    ),
)
icon_objects = st.dictionaries(
    spelled(ICON_KEYS) | st.text(max_size=8), tricky_text | json_values, max_size=6
)
raw_profiles = st.dictionaries(
    spelled(KNOWN_KEYS) | st.sampled_from(["auth", "AUTH"]) | st.text(max_size=10),
    tricky_text | json_values | icon_objects,
    max_size=16,
)
icons = st.builds(IconSpec, tricky_text, tricky_text, tricky_text, tricky_text)
connectors = st.builds(
    Connector,
    id=tricky_text,
    name=tricky_text,
    icon=icons,
    placement_handler=tricky_text,
    icon_disabled=icons,
    del_external_messages=st.booleans(),
    edit_internal_messages=st.booleans(),
    del_internal_messages=st.booleans(),
    newsletter=st.booleans(),
    need_system_messages=st.booleans(),
    need_signature=st.booleans(),
    chat_group=st.booleans(),
    comment=tricky_text,
)


def assert_well_formed(problems: list[Problem], allowed_extra_fields: set[str]) -> None:
    assert isinstance(problems, list)
    allowed = {PROFILE_FIELD, "ICON", "ICON_DISABLED", *PROFILE_FIELDS} | allowed_extra_fields
    for problem in problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.severity, Severity)
        assert problem.code and problem.message.strip()
        assert "\n" not in problem.message
        assert problem.field in allowed, problem
        assert problem.code not in INTERNAL_FAILURES, problem


def unknown_fields(data: Any) -> set[str]:
    """Field names an unknown key of ``data`` may be reported under."""
    fields: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            upper = str(key).upper()
            fields.add(upper)
            if upper in ("ICON", "ICON_DISABLED") and isinstance(value, dict):
                fields.update(f"{upper}.{str(sub).upper()}" for sub in value)
    return fields


@PROPERTY
@given(json_values)
def test_any_json_value_gets_a_validation_result(data: Any) -> None:
    assert_well_formed(validate_profile(data, check_render=False), unknown_fields(data))


@PROPERTY
@given(raw_profiles)
def test_any_profile_shaped_object_gets_a_validation_result(data: dict[str, Any]) -> None:
    assert_well_formed(validate_profile(data, check_render=False), unknown_fields(data))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_profiles)
def test_rendering_any_profile_never_raises(data: dict[str, Any]) -> None:
    assert_well_formed(validate_profile(data, check_render=True), unknown_fields(data))


@PROPERTY
@given(connectors)
def test_any_connector_gets_a_validation_result(connector: Connector) -> None:
    problems = validate_connector(connector, check_render=False)
    assert_well_formed(problems, set())
    ranks = [PROFILE_FIELDS.index(p.field) for p in problems]
    assert ranks == sorted(ranks), "problems come in form order"


@PROPERTY
@given(tricky_text)
def test_id_rules_hold_for_every_value(value: str) -> None:
    found = {p.code for p in validate_connector(Connector(id=value), check_render=False)}
    if "\ud800" in value:
        assert "BROKEN_CHARACTER" in found
        return
    assert ("CONNECTOR_ID_REQUIRED" in found) == (value in ("", "0"))
    assert ("ID_HAS_DOT" in found) == ("." in value)
    assert ("ID_TOO_LONG" in found) == (len(value) > 255)
    assert ("ID_UPPER_CASE" in found) == (value.lower() != value and value not in ("", "0"))


@PROPERTY
@given(st.from_regex(r"[a-z][a-z0-9]{0,20}_[a-z0-9][a-z0-9_]{0,40}", fullmatch=True))
def test_a_documented_id_has_no_id_problem(value: str) -> None:
    problems = validate_connector(Connector(id=value), check_render=False)
    assert [p for p in problems if p.field == "ID"] == []


@PROPERTY
@given(tricky_text)
def test_required_fields_follow_phps_empty(value: str) -> None:
    connector = Connector(name=value, placement_handler=value, icon=IconSpec(value))
    found = {(p.field, p.code) for p in validate_connector(connector, check_render=False)}
    empty = value in ("", "0")
    assert (("NAME", "NAME_REQUIRED") in found) == empty
    assert (("PLACEMENT_HANDLER", "NO_PLACEMENT_HANDLER") in found) == empty
    assert (("ICON.DATA_IMAGE", "ICON_REQUIRED") in found) == empty


@PROPERTY
@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_whatever_the_encoder_writes_passes_the_raw_character_rules(svg: bytes) -> None:
    """The encoder and the rules agree: an encoded value never needs re-encoding."""
    data_image = encode_data_image(svg)
    codes = {
        p.code for p in validate_connector(Connector(icon=IconSpec(data_image)), check_render=False)
    }
    assert not codes & {
        "DATA_IMAGE_UNENCODED",
        "DATA_IMAGE_BAD_PERCENT",
        "DATA_IMAGE_NON_ASCII",
        "DATA_IMAGE_NOT_DATA_URI",
    }


@PROPERTY
@given(st.sampled_from(list(FLAG_DEFAULTS)), json_values)
def test_only_json_booleans_are_silent_flags(flag: str, value: Any) -> None:
    problems = validate_profile({flag: value}, check_render=False)
    flag_problems = [p for p in problems if p.field == flag]
    if isinstance(value, bool):
        assert flag_problems == []
    else:
        assert len(flag_problems) == 1
        assert flag_problems[0].is_error == (not (value is None or value in (0, 1)))


def has_broken_text(connector: Connector) -> bool:
    texts = [connector.id, connector.name, connector.placement_handler, connector.comment]
    for icon in (connector.icon, connector.icon_disabled):
        texts += [icon.data_image, icon.color, icon.size, icon.position]
    return any("\ud800" in text for text in texts)


@PROPERTY
@given(connectors.filter(lambda c: not has_broken_text(c)))
def test_profiles_round_trip_through_their_file_text(connector: Connector) -> None:
    assert parse_profile_text(profile_json(connector)) == connector


@PROPERTY
@given(connectors.filter(has_broken_text))
def test_a_profile_with_broken_text_is_refused_on_save_and_flagged(connector: Connector) -> None:
    try:
        profile_json(connector)
    except InvalidInputError as exc:
        assert exc.code == "PROFILE_BAD_TEXT"
    else:
        raise AssertionError("a lone surrogate must not be written")
    codes = {p.code for p in validate_connector(connector, check_render=False)}
    assert "BROKEN_CHARACTER" in codes


@PROPERTY
@given(st.text(max_size=200))
def test_parsing_any_text_raises_only_invalid_input(text: str) -> None:
    try:
        connector = parse_profile_text(text)
    except InvalidInputError as exc:
        assert exc.exit_code == 2
    else:
        assert isinstance(connector, Connector)


@PROPERTY
@given(connectors)
def test_has_errors_means_an_error_severity(connector: Connector) -> None:
    problems = validate_connector(connector, check_render=False)
    assert has_errors(problems) == any(p.severity is Severity.ERROR for p in problems)
