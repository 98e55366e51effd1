"""Local checks: every problem at once, each naming its field, errors blocking and warnings not."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from gui.core.icon.codec import encode_data_image
from gui.core.model.connector import Connector, IconSpec
from gui.core.model.validation import (
    PROFILE_FIELD,
    Problem,
    Severity,
    has_errors,
    validate_connector,
    validate_profile,
)

GLYPH = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    b'<circle cx="12" cy="12" r="9" fill="#fff"/></svg>'
)
DATA_IMAGE = encode_data_image(GLYPH)
DISABLED_DATA_IMAGE = encode_data_image(GLYPH.replace(b"#fff", b"#ccc"))

GOOD = Connector(
    id="acme_chat",
    name="Acme Chat",
    icon=IconSpec(DATA_IMAGE, "#69acc0", "90%", "center"),
    placement_handler="https://connector.acme-corp.com/settings",
    icon_disabled=IconSpec(DISABLED_DATA_IMAGE, "#99adb3"),
    comment="Channel settings",
)


def codes(problems: list[Problem], field: str | None = None) -> list[str]:
    return [p.code for p in problems if field is None or p.field == field]


def only(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


def check(**changes: object) -> list[Problem]:
    return validate_connector(replace(GOOD, **changes), check_render=False)  # type: ignore[arg-type]


def test_a_good_connector_has_no_problems() -> None:
    assert validate_connector(GOOD, check_render=False) == []


def test_an_empty_connector_reports_every_required_field_at_once() -> None:
    problems = validate_connector(Connector(), check_render=False)
    errors = [(p.field, p.code) for p in problems if p.severity is Severity.ERROR]
    assert errors == [
        ("ID", "CONNECTOR_ID_REQUIRED"),
        ("NAME", "NAME_REQUIRED"),
        ("ICON.DATA_IMAGE", "ICON_REQUIRED"),
        ("PLACEMENT_HANDLER", "NO_PLACEMENT_HANDLER"),
    ]
    assert has_errors(problems)


def test_problems_are_plain_values_with_a_message_that_names_the_field() -> None:
    problem = only(check(name=""), "NAME_REQUIRED")
    assert problem == Problem("NAME", Severity.ERROR, "NAME_REQUIRED", problem.message)
    assert "NAME" in problem.message
    with pytest.raises(AttributeError):
        problem.field = "ID"  # type: ignore[misc]


# ----------------------------------------------------------------------------- ID


@pytest.mark.parametrize("value", ["", "0"])
def test_id_empty_and_zero_are_required_errors_like_phps_empty(value: str) -> None:
    problem = only(check(id=value), "CONNECTOR_ID_REQUIRED")
    assert problem.severity is Severity.ERROR
    assert problem.field == "ID"


def test_id_00_is_not_empty_on_the_server() -> None:
    assert "CONNECTOR_ID_REQUIRED" not in codes(check(id="acme_00"))
    assert "CONNECTOR_ID_REQUIRED" not in codes(check(id="00"))


def test_a_dot_in_the_id_is_an_error() -> None:
    problem = only(check(id="acme.chat"), "ID_HAS_DOT")
    assert problem.severity is Severity.ERROR
    assert "underscore" in problem.message


def test_upper_case_id_is_a_warning_that_shows_the_stored_form() -> None:
    problems = check(id="Acme_Chat")
    problem = only(problems, "ID_UPPER_CASE")
    assert problem.severity is Severity.WARNING
    assert "acme_chat" in problem.message
    assert not has_errors(problems)


def test_characters_outside_the_documented_set_are_flagged_by_name() -> None:
    problem = only(check(id="acme-chat ü"), "ID_CHARACTERS")
    assert problem.severity is Severity.WARNING
    assert "-" in problem.message
    assert "ü" in problem.message
    assert "U+0020" in problem.message


@pytest.mark.parametrize(("length", "blocked"), [(255, False), (256, True)])
def test_id_length_limit(length: int, blocked: bool) -> None:
    problems = check(id="acme_" + "x" * (length - 5))
    assert ("ID_TOO_LONG" in codes(problems)) is blocked
    assert has_errors(problems) is blocked


def test_an_id_without_vendor_prefix_is_a_warning() -> None:
    assert codes(check(id="myconnector")) == ["ID_NO_PREFIX"]
    assert only(check(id="telegrambot"), "ID_BUILT_IN").severity is Severity.WARNING


# ----------------------------------------------------------------------------- NAME, COMMENT


def test_name_rules() -> None:
    assert codes(check(name="0")) == ["NAME_REQUIRED"]
    assert codes(check(name="   ")) == ["NAME_BLANK"]
    assert codes(check(name="a\nb")) == ["NAME_CONTROL_CHARACTERS"]
    assert codes(check(name="x" * 256)) == ["NAME_TOO_LONG"]
    assert codes(check(name="x" * 255)) == []
    assert codes(check(name="Bob's «чат» 💬")) == []


def test_a_broken_character_in_any_text_field_is_an_error() -> None:
    problems = check(name="a\ud800", comment="b\udfff")
    assert [(p.field, p.code) for p in problems] == [
        ("NAME", "BROKEN_CHARACTER"),
        ("COMMENT", "BROKEN_CHARACTER"),
    ]


def test_a_long_comment_is_a_warning() -> None:
    assert codes(check(comment="x" * 255)) == []
    problem = only(check(comment="x" * 256), "COMMENT_LONG")
    assert (problem.field, problem.severity) == ("COMMENT", Severity.WARNING)


# ----------------------------------------------------------------------------- PLACEMENT_HANDLER


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("0", "NO_PLACEMENT_HANDLER"),
        ("/connector/settings", "URL_NOT_ABSOLUTE"),
        ("connector.acme-corp.com/settings", "URL_NOT_ABSOLUTE"),
        ("http://connector.acme-corp.com/settings", "URL_NOT_HTTPS"),
        ("ftp://connector.acme-corp.com/settings", "URL_NOT_HTTPS"),
        ("https://connector.acme-corp.com/my settings", "URL_INVALID_CHARACTERS"),
        ("https://connector.acme-corp.com:99999/", "URL_INVALID"),
        ("https://:443/settings", "URL_NO_HOST"),
    ],
)
def test_placement_handler_must_be_an_absolute_https_url(url: str, code: str) -> None:
    problems = check(placement_handler=url)
    assert codes(problems) == [code]
    assert problems[0].severity is Severity.ERROR
    assert problems[0].field == "PLACEMENT_HANDLER"


@pytest.mark.parametrize(
    "url",
    [
        "https://localhost/settings",
        "https://127.0.0.1:8443/settings",
        "https://[::1]/settings",
        "https://192.168.1.10/settings",
        "https://10.0.0.5/settings",
        "https://intranet/settings",
        "https://connector.corp.local/settings",
    ],
)
def test_a_non_public_settings_page_is_a_warning(url: str) -> None:
    problems = check(placement_handler=url)
    assert codes(problems) == ["URL_NOT_PUBLIC"]
    assert not has_errors(problems)


def test_the_docs_placeholder_and_credentials_are_warnings() -> None:
    assert codes(check(placement_handler="https://example.com/connector/settings")) == [
        "URL_PLACEHOLDER"
    ]
    assert codes(check(placement_handler="https://user:pw@connector.acme-corp.com/")) == [
        "URL_HAS_CREDENTIALS"
    ]


# ----------------------------------------------------------------------------- icons


def test_a_missing_active_icon_is_an_error_and_a_missing_disabled_icon_a_warning() -> None:
    problems = check(icon=IconSpec(), icon_disabled=IconSpec())
    assert [(p.field, p.code, p.severity) for p in problems] == [
        ("ICON.DATA_IMAGE", "ICON_REQUIRED", Severity.ERROR),
        ("ICON_DISABLED.DATA_IMAGE", "ICON_DISABLED_FALLBACK", Severity.WARNING),
    ]


@pytest.mark.parametrize(
    ("data_image", "code"),
    [
        ("<svg xmlns='http://www.w3.org/2000/svg'/>", "DATA_IMAGE_RAW_SVG"),
        ("url('data:image/svg+xml,%3Csvg/%3E')", "DATA_IMAGE_NOT_DATA_URI"),
        ("data:image/png;base64,iVBORw0KGgo=", "DATA_IMAGE_NOT_SVG"),
        ("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>", "DATA_IMAGE_UNENCODED"),
        ("data:image/svg+xml,%3Csvg fill=%22#fff%22/%3E", "DATA_IMAGE_UNENCODED"),
        ("data:image/svg+xml,%3Csvg%0A/%3E\n", "DATA_IMAGE_UNENCODED"),
        ("data:image/svg+xml,%u003Csvg/%3E", "DATA_IMAGE_BAD_PERCENT"),
        ("data:image/svg+xml,%3Csvg width=%2250%%22/%3E", "DATA_IMAGE_BAD_PERCENT"),
        ("data:image/svg+xml,%3Cdiv/%3E", "SVG_NOT_SVG"),
        ("data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E", "SVG_NOT_XML"),
    ],
)
def test_data_images_that_show_no_icon_in_bitrix24_are_errors(data_image: str, code: str) -> None:
    problems = check(icon=IconSpec(data_image))
    problem = only(problems, code)
    assert problem.field == "ICON.DATA_IMAGE"
    assert problem.severity is Severity.ERROR
    assert problem.message.startswith("ICON.DATA_IMAGE")


@pytest.mark.parametrize(
    ("svg", "code"),
    [
        (b'<svg viewBox="0 0 2 2"><rect width="2" height="2" fill="#fff"/></svg>', "SVG_NO_XMLNS"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><path fill="currentColor" d="M0 0h2v2z"/>'
            b"</svg>",
            "SVG_CURRENT_COLOR",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><!--' + b"x" * 5000 + b"--></svg>",
            "ICON_LARGE",
        ),
    ],
)
def test_icons_that_render_differently_than_expected_are_warnings(svg: bytes, code: str) -> None:
    problems = check(icon_disabled=IconSpec(encode_data_image(svg)))
    problem = only(problems, code)
    assert problem.field == "ICON_DISABLED.DATA_IMAGE"
    assert problem.severity is Severity.WARNING
    assert not has_errors(problems)


def test_spaces_around_the_data_image_are_a_warning() -> None:
    problems = check(icon=replace(GOOD.icon, data_image=f"  {DATA_IMAGE} "))
    assert [(p.field, p.code, p.severity) for p in problems] == [
        ("ICON.DATA_IMAGE", "DATA_IMAGE_SPACES", Severity.WARNING)
    ]


def test_base64_and_raw_non_ascii_are_warnings() -> None:
    import base64

    b64 = "data:image/svg+xml;base64," + base64.b64encode(GLYPH).decode()
    assert codes(check(icon=IconSpec(b64))) == ["DATA_IMAGE_BASE64"]
    with_text = GLYPH.replace(b"</svg>", b"<text>Q</text></svg>")
    raw_unicode = encode_data_image(with_text).replace("Q", "й")
    assert codes(check(icon=IconSpec(raw_unicode))) == ["DATA_IMAGE_NON_ASCII"]


@pytest.mark.parametrize(
    ("key", "good", "bad"),
    [
        ("color", ["red", "#abc", "rgb(1 2 3 / 50%)", "hsl(120deg 50% 50%)", "transparent"],
         ["nope", "#12", "red; background: url(x)", "rgb(1,2)"]),
        ("size", ["90%", "contain", "cover", "auto", "50px", "100% 50%", "auto 20px"],
         ["big", "-5px", "50% 50% 50%", "90%;"]),
        ("position", ["center", "left top", "right 10% bottom", "30% 70%", "0 0"],
         ["middle", "left left", "center;}"]),
    ],
)  # fmt: skip
def test_icon_css_values_accept_what_a_browser_accepts(
    key: str, good: list[str], bad: list[str]
) -> None:
    for prefix, attribute in (("ICON", "icon"), ("ICON_DISABLED", "icon_disabled")):
        field = f"{prefix}.{key.upper()}"
        for value in good:
            icon = replace(getattr(GOOD, attribute), **{key: value})
            assert check(**{attribute: icon}) == [], (field, value)
        for value in bad:
            icon = replace(getattr(GOOD, attribute), **{key: value})
            problems = check(**{attribute: icon})
            assert [(p.field, p.code, p.severity) for p in problems] == [
                (field, "CSS_INVALID", Severity.ERROR)
            ], (field, value)
            assert field in problems[0].message


def test_a_blank_css_value_is_a_warning() -> None:
    problems = check(icon=replace(GOOD.icon, color="  "))
    assert [(p.field, p.code) for p in problems] == [("ICON.COLOR", "CSS_BLANK")]


# ----------------------------------------------------------------------------- flags, extras


def test_a_flag_set_in_code_to_a_non_boolean_is_an_error() -> None:
    problems = check(newsletter="N")
    problem = only(problems, "FLAG_NOT_BOOLEAN")
    assert problem.field == "NEWSLETTER"


def test_unknown_parameters_are_warnings_with_a_spelling_hint() -> None:
    problems = check(extra={"PLACEMENT_HANDLERS": "x"})
    problem = only(problems, "UNKNOWN_PARAMETER")
    assert problem.field == "PLACEMENT_HANDLERS"
    assert "PLACEMENT_HANDLER?" in problem.message
    icon_problem = only(
        check(icon=replace(GOOD.icon, extra={"COLOUR": "red"})), "UNKNOWN_PARAMETER"
    )
    assert icon_problem.field == "ICON.COLOUR"
    assert "COLOR?" in icon_problem.message


def test_problems_come_in_form_order() -> None:
    problems = validate_connector(
        Connector(comment="x" * 300, chat_group="yes", extra={"ZZZ": 1}),  # type: ignore[arg-type]
        check_render=False,
    )
    fields = [p.field for p in problems]
    assert fields == [
        "ID",
        "NAME",
        "ICON.DATA_IMAGE",
        "PLACEMENT_HANDLER",
        "ICON_DISABLED.DATA_IMAGE",
        "CHAT_GROUP",
        "COMMENT",
        "ZZZ",
    ]


def test_a_connector_built_with_wrong_types_is_judged_not_crashed() -> None:
    weird = Connector(id=5, name=None, icon="x", icon_disabled=3)  # type: ignore[arg-type]
    problems = validate_connector(weird, check_render=False)
    assert ("ID", "NOT_TEXT") in [(p.field, p.code) for p in problems]
    assert ("NAME", "NOT_TEXT") in [(p.field, p.code) for p in problems]
    assert ("ICON.DATA_IMAGE", "ICON_REQUIRED") in [(p.field, p.code) for p in problems]


# ----------------------------------------------------------------------------- raw profiles


def test_a_raw_profile_that_is_fine_has_no_problems() -> None:
    assert validate_profile(GOOD.to_profile(), check_render=False) == []


def test_an_empty_list_for_an_icon_is_an_empty_object_as_in_php() -> None:
    problems = validate_profile({**GOOD.to_profile(), "ICON_DISABLED": []}, check_render=False)
    assert codes(problems) == ["ICON_DISABLED_FALLBACK"]
    problems = validate_profile({**GOOD.to_profile(), "ICON": []}, check_render=False)
    assert codes(problems) == ["ICON_REQUIRED"]
    problems = validate_profile({**GOOD.to_profile(), "ICON": ["x"]}, check_render=False)
    assert codes(problems) == ["ICON_NOT_OBJECT"]


def test_a_profile_that_is_not_an_object() -> None:
    for data in ([], "x", None, 3):
        problems = validate_profile(data, check_render=False)
        assert [(p.field, p.code) for p in problems] == [(PROFILE_FIELD, "PROFILE_NOT_OBJECT")]


@pytest.mark.parametrize(
    ("value", "code", "severity", "says"),
    [
        ("N", "FLAG_NOT_BOOLEAN", Severity.ERROR, "true"),
        ("false", "FLAG_NOT_BOOLEAN", Severity.ERROR, "true"),
        ("0", "FLAG_NOT_BOOLEAN", Severity.ERROR, "false"),
        ("", "FLAG_NOT_BOOLEAN", Severity.ERROR, "false"),
        (2, "FLAG_NOT_BOOLEAN", Severity.ERROR, "true or false"),
        ({}, "FLAG_NOT_BOOLEAN", Severity.ERROR, "object"),
        (1, "FLAG_NUMBER", Severity.WARNING, "true"),
        (0, "FLAG_NUMBER", Severity.WARNING, "false"),
        (None, "FLAG_NULL", Severity.WARNING, "default (true)"),
    ],
)
def test_flags_that_are_not_json_booleans(
    value: object, code: str, severity: Severity, says: str
) -> None:
    problems = validate_profile({**GOOD.to_profile(), "NEWSLETTER": value}, check_render=False)
    assert [(p.field, p.code, p.severity) for p in problems] == [("NEWSLETTER", code, severity)]
    assert says in problems[0].message


def test_the_string_n_explains_that_the_portal_reads_it_as_true() -> None:
    problem = validate_profile({**GOOD.to_profile(), "CHAT_GROUP": "N"}, check_render=False)[0]
    assert "true" in problem.message
    assert "without quotes" in problem.message


def test_wrong_types_are_reported_once_per_field() -> None:
    data = {
        **GOOD.to_profile(),
        "ID": 12,
        "NAME": ["x"],
        "ICON": "data:image/svg+xml,...",
        "ICON_DISABLED": {"DATA_IMAGE": DATA_IMAGE, "COLOR": 255},
        "COMMENT": False,
    }
    problems = validate_profile(data, check_render=False)
    assert [(p.field, p.code) for p in problems] == [
        ("ID", "NOT_TEXT"),
        ("NAME", "NOT_TEXT"),
        ("ICON", "ICON_NOT_OBJECT"),
        ("ICON_DISABLED.COLOR", "NOT_TEXT"),
        ("COMMENT", "NOT_TEXT"),
    ]
    assert "number 12" in problems[0].message


def test_a_token_and_duplicate_spellings_in_a_profile_are_warnings() -> None:
    data = {**GOOD.to_profile(), "auth": "SECRET-abc", "name": "Other"}
    problems = validate_profile(data, check_render=False)
    assert [(p.field, p.code) for p in problems] == [
        (PROFILE_FIELD, "PROFILE_HAS_TOKEN"),
        ("NAME", "DUPLICATE_KEY"),
    ]
    assert "Other" not in problems[1].message  # names the spellings, not the values
    assert "NAME and name" in problems[1].message
    assert all("SECRET-abc" not in p.message for p in problems)
    assert not has_errors(problems)


def test_lower_case_keys_are_accepted_like_on_the_server() -> None:
    data = {
        key.lower(): (
            {k.lower(): v for k, v in value.items()} if isinstance(value, dict) else value
        )
        for key, value in GOOD.to_profile().items()
    }
    assert validate_profile(data, check_render=False) == []


# ----------------------------------------------------------------------------- speed


def test_validating_on_every_keystroke_is_fast() -> None:
    """The window validates on the GUI thread; a typical profile must take well under 5 ms."""
    validate_connector(GOOD, check_render=False)
    timings = []
    for index in range(30):
        connector = replace(GOOD, name=f"Acme Chat {index}")
        start = time.perf_counter()
        validate_connector(connector, check_render=False)
        timings.append(time.perf_counter() - start)
    timings.sort()
    assert timings[len(timings) // 2] < 0.005


# ----------------------------------------------------------------------------- rendering

SELF_REFERENCING = encode_data_image(
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2">'
    b'<g id="a"><use href="#a"/></g><rect width="2" height="2" fill="#fff"/></svg>'
)


def test_a_good_connector_renders() -> None:
    assert validate_connector(GOOD) == []


def test_an_svg_that_cannot_be_drawn_is_an_error_only_when_rendering_is_checked() -> None:
    connector = replace(GOOD, icon_disabled=IconSpec(SELF_REFERENCING))
    assert validate_connector(connector, check_render=False) == []
    problems = validate_connector(connector)
    assert [(p.field, p.code, p.severity) for p in problems] == [
        ("ICON_DISABLED.DATA_IMAGE", "ICON_DOES_NOT_RENDER", Severity.ERROR)
    ]
    assert problems[0].message.startswith("ICON_DISABLED.DATA_IMAGE does not render")


def test_an_icon_that_draws_nothing_visible_is_a_warning() -> None:
    docs_empty_svg = "data:image/svg+xml,%3Csvg%20xmlns%3D%22http://www.w3.org/2000/svg%22/%3E"
    problems = validate_connector(replace(GOOD, icon=IconSpec(docs_empty_svg)))
    assert [(p.field, p.code, p.severity) for p in problems] == [
        ("ICON.DATA_IMAGE", "ICON_INVISIBLE", Severity.WARNING)
    ]
    white_on_white = replace(GOOD, icon=replace(GOOD.icon, color="#ffffff"))
    assert codes(validate_connector(white_on_white)) == ["ICON_INVISIBLE"]
