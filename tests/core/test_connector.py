"""The connector model and the profile file (DESIGN.md "Profile file")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gui.core.errors import InvalidInputError
from gui.core.model.connector import (
    FLAG_DEFAULTS,
    KNOWN_KEYS,
    PROFILE_FIELDS,
    Connector,
    IconSpec,
    load_profile,
    load_profile_json,
    parse_profile_text,
    profile_json,
    save_profile,
    to_bool,
)

DOCS_DATA_IMAGE = "data:image/svg+xml,%3Csvg%20xmlns%3D%22http://www.w3.org/2000/svg%22/%3E"

# The body of the docs' curl example (imconnector.register), without "auth".
DOCS_PROFILE = {
    "ID": "myconnector",
    "NAME": "My Connector",
    "ICON": {
        "DATA_IMAGE": DOCS_DATA_IMAGE,
        "COLOR": "#69acc0",
        "SIZE": "90%",
        "POSITION": "center",
    },
    "PLACEMENT_HANDLER": "https://example.com/connector/settings",
    "ICON_DISABLED": {"DATA_IMAGE": DOCS_DATA_IMAGE, "COLOR": "#99adb3"},
    "DEL_EXTERNAL_MESSAGES": True,
    "EDIT_INTERNAL_MESSAGES": True,
    "DEL_INTERNAL_MESSAGES": True,
    "NEWSLETTER": True,
    "NEED_SYSTEM_MESSAGES": True,
    "NEED_SIGNATURE": True,
    "CHAT_GROUP": False,
    "COMMENT": "Channel settings",
}


def test_documented_defaults() -> None:
    connector = Connector()
    assert FLAG_DEFAULTS == {
        "DEL_EXTERNAL_MESSAGES": True,
        "EDIT_INTERNAL_MESSAGES": True,
        "DEL_INTERNAL_MESSAGES": True,
        "NEWSLETTER": True,
        "NEED_SYSTEM_MESSAGES": True,
        "NEED_SIGNATURE": True,
        "CHAT_GROUP": False,
    }
    assert {flag: connector.flag(flag) for flag in FLAG_DEFAULTS} == FLAG_DEFAULTS
    assert Connector.from_profile({}) == connector


def test_every_parameter_has_a_path() -> None:
    assert (
        "ID",
        "NAME",
        "ICON.DATA_IMAGE",
        "ICON.COLOR",
        "ICON.SIZE",
        "ICON.POSITION",
        "PLACEMENT_HANDLER",
        "ICON_DISABLED.DATA_IMAGE",
        "ICON_DISABLED.COLOR",
        "ICON_DISABLED.SIZE",
        "ICON_DISABLED.POSITION",
        *FLAG_DEFAULTS,
        "COMMENT",
    ) == PROFILE_FIELDS
    assert list(KNOWN_KEYS) == list(DOCS_PROFILE)


def test_the_docs_example_round_trips_in_the_docs_order() -> None:
    connector = Connector.from_profile(DOCS_PROFILE)
    assert connector.icon == IconSpec(DOCS_DATA_IMAGE, "#69acc0", "90%", "center")
    assert connector.comment == "Channel settings"
    out = connector.to_profile()
    assert out == DOCS_PROFILE
    assert list(out) == list(DOCS_PROFILE)
    assert list(out["ICON"]) == ["DATA_IMAGE", "COLOR", "SIZE", "POSITION"]


def test_flags_at_their_defaults_are_still_written_as_json_booleans() -> None:
    text = profile_json(Connector(id="acme_a"))
    data = json.loads(text)
    for flag, default in FLAG_DEFAULTS.items():
        assert data[flag] is default
    assert "auth" not in text.lower()


def test_known_keys_match_in_any_case_unknown_ones_stay_as_read() -> None:
    connector = Connector.from_profile(
        {
            "id": "acme_a",
            "Name": "A",
            "icon": {"data_image": DOCS_DATA_IMAGE, "Color": "red"},
            "chat_group": True,
            "x_vendor": {"nested_key": [{"deeper": 1}]},
        }
    )
    assert connector.id == "acme_a"
    assert connector.name == "A"
    assert connector.icon.data_image == DOCS_DATA_IMAGE
    assert connector.icon.color == "red"
    assert connector.chat_group is True
    assert connector.to_profile()["x_vendor"] == {"nested_key": [{"deeper": 1}]}
    assert "X_VENDOR" not in connector.to_profile()


def test_of_two_spellings_of_a_key_the_last_wins_like_the_server() -> None:
    connector = parse_profile_text('{"ID": "acme_first", "id": "acme_last"}')
    assert connector.id == "acme_last"


def test_unknown_keys_survive_a_save_and_load(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    data = {**DOCS_PROFILE, "FUTURE_PARAM": {"A": [1, 2.5, None, "x"]}}
    data["ICON"] = {**DOCS_PROFILE["ICON"], "FUTURE_ICON_KEY": "y"}  # type: ignore[dict-item]
    save_profile(path, Connector.from_profile(data))
    reloaded = json.loads(path.read_text(encoding="utf-8"))
    assert reloaded["FUTURE_PARAM"] == {"A": [1, 2.5, None, "x"]}
    assert reloaded["ICON"]["FUTURE_ICON_KEY"] == "y"
    assert load_profile(path) == Connector.from_profile(data)


def test_unknown_keys_take_part_in_equality() -> None:
    assert Connector(extra={"A": 1}) != Connector(extra={"A": 2})
    assert hash(Connector(extra={"A": [1]})) == hash(Connector(extra={"A": [2]}))


def test_a_token_in_a_profile_is_dropped_and_never_saved(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({**DOCS_PROFILE, "auth": "SECRET-TOKEN-123"}), encoding="utf-8")
    connector = load_profile(path)
    assert "SECRET-TOKEN-123" not in repr(connector)
    save_profile(path, connector)
    assert "SECRET-TOKEN-123" not in path.read_text(encoding="utf-8")
    assert "SECRET" not in profile_json(Connector(extra={"auth": "SECRET"}))


def test_saved_text_is_utf8_with_readable_non_ascii(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    save_profile(path, Connector(id="acme_a", name="Канал «Чат»"))
    raw = path.read_bytes()
    assert "Канал «Чат»".encode() in raw
    assert raw.endswith(b"}\n")
    assert load_profile(path).name == "Канал «Чат»"


def test_a_profile_with_a_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(DOCS_PROFILE).encode())
    assert load_profile(path).id == "myconnector"


def test_save_replaces_the_file_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("old", encoding="utf-8")
    save_profile(path, Connector(id="acme_new"))
    assert load_profile(path).id == "acme_new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]


def test_save_where_no_file_can_be_written_is_a_clear_error(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("x", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        save_profile(not_a_directory / "p.json", Connector())
    assert caught.value.code == "PROFILE_UNWRITABLE"
    assert "p.json" in caught.value.message


def test_a_broken_character_cannot_be_saved(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    with pytest.raises(InvalidInputError) as caught:
        save_profile(path, Connector(name="a\ud800b"))
    assert caught.value.code == "PROFILE_BAD_TEXT"
    assert not path.exists()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"{not json", "PROFILE_NOT_JSON"),
        (b'{"ID": NaN}', "PROFILE_NOT_JSON"),
        (b'{"ID": Infinity}', "PROFILE_NOT_JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "PROFILE_NOT_JSON"),
        (b'{"X": ' + b"9" * 10_000 + b"}", "PROFILE_NOT_JSON"),
        (b"\xff\xfe{}", "PROFILE_NOT_UTF8"),
        (b"[1, 2]", "PROFILE_NOT_OBJECT"),
        (b'"text"', "PROFILE_NOT_OBJECT"),
    ],
)
def test_files_that_are_not_profiles_are_clear_errors(
    tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(content)
    with pytest.raises(InvalidInputError) as caught:
        load_profile(path)
    assert caught.value.code == code
    assert caught.value.exit_code == 2


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as caught:
        load_profile(tmp_path / "nope.json")
    assert caught.value.code == "PROFILE_UNREADABLE"
    assert "nope.json" in caught.value.message


def test_raw_json_is_available_for_validation(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"NEWSLETTER": "N"}', encoding="utf-8")
    assert load_profile_json(path) == {"NEWSLETTER": "N"}


def test_value_at_and_with_value_use_parameter_paths() -> None:
    connector = Connector.from_profile(DOCS_PROFILE)
    assert connector.value_at("ICON.COLOR") == "#69acc0"
    assert connector.value_at("ICON_DISABLED.SIZE") == ""
    assert connector.value_at("CHAT_GROUP") is False
    changed = connector.with_value("ICON_DISABLED.SIZE", "contain").with_value("CHAT_GROUP", True)
    assert changed.icon_disabled.size == "contain"
    assert changed.icon_disabled.color == "#99adb3"
    assert changed.chat_group is True
    assert connector.icon_disabled.size == ""  # the original is unchanged
    for path in PROFILE_FIELDS:
        assert connector.with_value(path, connector.value_at(path)) == connector


def test_an_empty_disabled_icon_and_comment_are_left_out() -> None:
    out = Connector(id="acme_a").to_profile()
    assert "ICON_DISABLED" not in out
    assert "COMMENT" not in out
    assert out["ICON"] == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("Y", True),
        ("N", False),
        ("true", True),
        ("false", False),
        ("", False),
        (None, True),
        ([], True),
    ],
)
def test_to_bool_reads_what_the_user_meant(value: object, expected: bool) -> None:
    assert to_bool(value, True) is expected


def test_non_text_values_are_converted_leniently() -> None:
    connector = Connector.from_profile(
        {"ID": 5, "NAME": None, "ICON": "not an object", "COMMENT": ["x"]}
    )
    assert connector.id == "5"
    assert connector.name == ""
    assert connector.icon == IconSpec()
    assert connector.comment == ""


def test_every_parameter_has_help_for_the_window() -> None:
    from gui.core.model.field_help import FIELD_HELP, help_for, tooltip

    assert tuple(FIELD_HELP) == PROFILE_FIELDS
    for path, entry in FIELD_HELP.items():
        assert entry.path == path
        assert entry.tooltip.strip() and len(entry.details) > len(entry.tooltip) // 2
    for flag, default in FLAG_DEFAULTS.items():
        assert FIELD_HELP[flag].default == str(default).lower()
    required = {path for path, entry in FIELD_HELP.items() if entry.required}
    assert required == {"ID", "NAME", "ICON.DATA_IMAGE", "PLACEMENT_HANDLER"}
    assert FIELD_HELP["ICON.COLOR"].default == "#90be00"
    assert FIELD_HELP["ICON_DISABLED.COLOR"].default == "#ebeff2"
    chat_group = tooltip("CHAT_GROUP")
    assert "external chat id" in chat_group
    assert "CRM auto-binding is skipped" in chat_group
    assert "one dialog per external user" in chat_group
    assert "FUTURE" in help_for("FUTURE").tooltip
    assert str(help_for("CHAT_GROUP")) == chat_group  # what the window's tooltips show


def test_field_tooltips_carry_no_colour_of_their_own() -> None:
    """The details are set apart in italics, never in a fixed grey: the tooltip's palette
    colours the text, so it reads on a dark tooltip as on a light one."""
    from gui.core.model.field_help import FIELD_HELP, tooltip_html

    tooltips = [tooltip_html(path) for path in FIELD_HELP]
    assert not [html for html in tooltips if "style=" in html or "<font" in html]
    assert sum("<i>" in html for html in tooltips) > len(tooltips) // 2  # details, set apart
