"""What a connector is: the ``imconnector.register`` parameters, their defaults, the profile file.

The profile file (DESIGN.md "Profile file") is exactly the method's parameters as JSON, in the
shape of the Bitrix24 docs' curl example: UPPER_CASE keys, ``ICON`` / ``ICON_DISABLED`` objects,
JSON booleans, and never ``auth``. Known parameter names are matched ignoring case, as the
server reads them (its ``Converter(TO_UPPER | KEYS | RECURSIVE)``; the later of two spellings
wins), and written in upper case. Keys we do not know are kept exactly as read (in ``extra``:
their spelling, and everything inside them) and written back, so a profile survives a round trip
through an older or newer version of this program; the server upper-cases them itself.

This module converts leniently and never judges: :mod:`~gui.core.model.validation` says what
is wrong.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gui.core.bounded_read import read_regular_file
from gui.core.errors import B24Error, InvalidInputError
from gui.core.i18n import N_, _

# Re-exported: the portal index (gui/core/auth) imports it from here.
from gui.core.model.atomic_write import write_text_atomically as write_text_atomically

log = logging.getLogger(__name__)

ICON_KEYS = ("DATA_IMAGE", "COLOR", "SIZE", "POSITION")
"""Sub-fields of ``ICON`` and ``ICON_DISABLED``, in the docs' order."""

FLAG_DEFAULTS: dict[str, bool] = {
    "DEL_EXTERNAL_MESSAGES": True,
    "EDIT_INTERNAL_MESSAGES": True,
    "DEL_INTERNAL_MESSAGES": True,
    "NEWSLETTER": True,
    "NEED_SYSTEM_MESSAGES": True,
    "NEED_SIGNATURE": True,
    "CHAT_GROUP": False,
}
"""The behaviour flags and their documented defaults (BITRIX.md §1), in the docs' order."""

KNOWN_KEYS = ("ID", "NAME", "ICON", "PLACEMENT_HANDLER", "ICON_DISABLED", *FLAG_DEFAULTS, "COMMENT")
"""Every parameter, in the order of the docs' curl example (the order profiles are written in)."""

MAX_PROFILE_BYTES = 1024 * 1024
"""The largest profile file read. Bitrix24 stores each icon's DATA_IMAGE in a ~64 KB column
(BITRIX.md §4) and every other parameter is a short text, so a real profile is a few hundred KB
at the very most; anything bigger is not a profile (or is ``/dev/zero``)."""

MAX_PROFILE_DEPTH = 64
"""The deepest nesting a profile may have. A real one nests three levels (the top object,
``ONBOARDING``, its ``EVENTS``); a limit far below Python's recursion limit keeps every later
step (saving, sending, the window) from meeting a ``RecursionError`` (exit 5) on an unknown key
nested a thousand deep."""

SECRET_PROFILE_KEYS = frozenset({"AUTH"})
"""Never stored in a profile, even when a pasted request carried it."""

PROFILE_FIELDS = (
    "ID",
    "NAME",
    *(f"ICON.{key}" for key in ICON_KEYS),
    "PLACEMENT_HANDLER",
    *(f"ICON_DISABLED.{key}" for key in ICON_KEYS),
    *FLAG_DEFAULTS,
    "COMMENT",
)
"""Every parameter path: the vocabulary of validation fields and widget object names."""


@dataclass(frozen=True)
class IconSpec:
    """One icon: the SVG data URI and the CSS that places it on its tile. Empty means unset."""

    data_image: str = ""
    color: str = ""
    size: str = ""
    position: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)
    """Sub-keys this version does not know, kept exactly as read for round trips."""

    def get(self, key: str) -> str:
        """The value of sub-field ``key`` (``DATA_IMAGE``, ``COLOR``, ``SIZE``, ``POSITION``)."""
        value: str = getattr(self, key.lower())
        return value

    @classmethod
    def from_profile(cls, data: object) -> IconSpec:
        if not isinstance(data, Mapping):
            return cls()
        known, extra = split_known(data, ICON_KEYS)
        return cls(**{key.lower(): _to_text(known.get(key, "")) for key in ICON_KEYS}, extra=extra)

    def to_profile(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: self.get(key) for key in ICON_KEYS if self.get(key)}
        return out | {key: value for key, value in self.extra.items() if key not in out}


@dataclass(frozen=True)
class Connector:
    """Every ``imconnector.register`` parameter, with the documented defaults."""

    id: str = ""
    name: str = ""
    icon: IconSpec = field(default_factory=IconSpec)
    placement_handler: str = ""
    icon_disabled: IconSpec = field(default_factory=IconSpec)
    del_external_messages: bool = True
    edit_internal_messages: bool = True
    del_internal_messages: bool = True
    newsletter: bool = True
    need_system_messages: bool = True
    need_signature: bool = True
    chat_group: bool = False
    comment: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)
    """Top-level keys this version does not know, kept exactly as read for round trips."""

    def flag(self, name: str) -> bool:
        """The value of the flag ``name`` (one of :data:`FLAG_DEFAULTS`)."""
        value: bool = getattr(self, name.lower())
        return value

    def value_at(self, path: str) -> Any:
        """The value at a parameter path such as ``ICON.COLOR`` or ``CHAT_GROUP``."""
        head, _, tail = path.partition(".")
        if tail:
            icon: IconSpec = getattr(self, head.lower())
            return icon.get(tail)
        return getattr(self, head.lower())

    def with_value(self, path: str, value: Any) -> Connector:
        """A copy with the parameter at ``path`` replaced."""
        head, _, tail = path.partition(".")
        changes: dict[str, Any]
        if tail:
            icon: IconSpec = getattr(self, head.lower())
            changes = {head.lower(): replace(icon, **{tail.lower(): value})}
        else:
            changes = {head.lower(): value}
        return replace(self, **changes)

    @classmethod
    def from_profile(cls, data: Mapping[str, Any]) -> Connector:
        """Build from profile JSON (already parsed). Lenient: validation reports problems."""
        if not isinstance(data, Mapping):
            raise InvalidInputError(
                _("A profile must be a JSON object with the imconnector.register parameters."),
                code="PROFILE_NOT_OBJECT",
            )
        upper, extra = split_known(data, (*KNOWN_KEYS, *SECRET_PROFILE_KEYS, "ONBOARDING"))
        kwargs: dict[str, Any] = {
            "id": _to_text(upper.get("ID", "")),
            "name": _to_text(upper.get("NAME", "")),
            "icon": IconSpec.from_profile(upper.get("ICON")),
            "placement_handler": _to_text(upper.get("PLACEMENT_HANDLER", "")),
            "icon_disabled": IconSpec.from_profile(upper.get("ICON_DISABLED")),
            "comment": _to_text(upper.get("COMMENT", "")),
        }
        for flag, default in FLAG_DEFAULTS.items():
            kwargs[flag.lower()] = to_bool(upper.get(flag, default), default)
        if "ONBOARDING" in upper:  # the program's own key, under its own name, value as written
            extra["ONBOARDING"] = upper["ONBOARDING"]
        return cls(**kwargs, extra=extra)

    def to_profile(self) -> dict[str, Any]:
        """The profile JSON object, in the docs' key order; never contains ``auth``."""
        out: dict[str, Any] = {"ID": self.id, "NAME": self.name, "ICON": self.icon.to_profile()}
        out["PLACEMENT_HANDLER"] = self.placement_handler
        disabled = self.icon_disabled.to_profile()
        if disabled:
            out["ICON_DISABLED"] = disabled
        for flag in FLAG_DEFAULTS:
            out[flag] = self.flag(flag)
        if self.comment:
            out["COMMENT"] = self.comment
        for key, value in self.extra.items():
            if key not in out and str(key).upper() not in SECRET_PROFILE_KEYS:
                out[key] = value
        return out


def to_bool(value: object, default: bool) -> bool:
    """The boolean a profile value means: JSON booleans, 1/0, "Y"/"N", "true"/"false".

    Strings are read for what the user meant, so a form shows ``"N"`` unchecked and saving writes
    ``false``. The server would read any non-empty string (``"N"`` too) as true, so
    :func:`gui.core.model.validation.validate_profile` reports every non-boolean flag.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        text = value.strip().lower()
        if text in {"y", "yes", "true", "1", "on"}:
            return True
        if text in {"n", "no", "false", "0", "off", ""}:
            return False
    return default


def split_known(
    data: Mapping[Any, Any], known: tuple[str, ...]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``data``'s known parameters by their upper-case name, and every other key exactly as read.

    Known names are matched ignoring case, as the server does (of two spellings the later wins,
    and validation warns about it). Unknown keys keep their spelling and their values are deep
    copies, untouched: nothing inside them is upper-cased, and ``"a"`` and ``"A"`` stay two keys
    (DESIGN.md "Profile file": unknown keys are kept exactly as read, nested ones too).
    """
    names = frozenset(known)
    found: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).upper()
        if name in names:
            found[name] = copy.deepcopy(value)
        else:
            extra[str(key)] = copy.deepcopy(value)
    return found, extra


def upper_keys(data: Mapping[Any, Any]) -> dict[str, Any]:
    """A copy of ``data`` with every object key upper-cased at every depth, as the server does.

    Iterative, so a deeply nested unknown key cannot exhaust the stack. Of two keys that differ
    only in case the later one wins, in the earlier one's position (PHP array semantics).
    """
    root: dict[str, Any] = {}
    seen: set[int] = {id(data)}
    stack: list[tuple[Any, Any]] = [(data, root)]
    while stack:
        source, target = stack.pop()
        pairs = source.items() if isinstance(source, Mapping) else enumerate(source)
        for key, value in pairs:
            copy: Any = value
            if isinstance(value, Mapping | list | tuple):
                if id(value) in seen:
                    raise InvalidInputError(
                        _("The profile refers to itself; it cannot be written as JSON."),
                        code="PROFILE_CYCLE",
                    )
                seen.add(id(value))
                copy = {} if isinstance(value, Mapping) else []
                stack.append((value, copy))
            if isinstance(target, dict):
                target[str(key).upper()] = copy
            else:
                target.append(copy)
    return root


def _to_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return ""


def _reject_constant(name: str) -> Any:
    raise ValueError(_("{name} is not a JSON value").format(name=name))


def parse_profile_json(text: str) -> Any:
    """The parsed JSON value of profile text (any type); :class:`InvalidInputError` if not JSON.

    Stricter than :func:`json.loads` where the server's ``json_decode`` is: ``NaN`` and
    ``Infinity`` are not JSON. Absurd input (nesting thousands deep, numbers with thousands of
    digits) is reported the same way instead of escaping as ``RecursionError``/``ValueError``.
    """
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        # Translators: {reason} is Python's JSON parser's own English words ("Expecting value").
        message = _(
            "The profile is not valid JSON (line {line}, column {column}: {reason}). Fix the file "
            "in a text editor or save it again from the window."
        ).format(line=exc.lineno, column=exc.colno, reason=exc.msg)
        raise InvalidInputError(message, code="PROFILE_NOT_JSON") from None
    except RecursionError:
        raise InvalidInputError(
            _("The profile is not usable JSON (it is nested too deeply)."), code="PROFILE_NOT_JSON"
        ) from None
    except ValueError as exc:
        raise InvalidInputError(
            _("The profile is not usable JSON ({reason}).").format(reason=exc),
            code="PROFILE_NOT_JSON",
        ) from None
    if nesting_depth(value) > MAX_PROFILE_DEPTH:
        raise InvalidInputError(
            _(
                "The profile is not usable JSON (it is nested more than {limit} levels deep; a "
                "profile needs three)."
            ).format(limit=MAX_PROFILE_DEPTH),
            code="PROFILE_NOT_JSON",
        )
    return value


def nesting_depth(value: object) -> int:
    """How deeply objects and arrays nest in a parsed JSON value (a scalar: 0). Iterative."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[object]
        if isinstance(item, Mapping):
            children = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_profile_text(text: str) -> Connector:
    """Parse profile JSON text; a clear :class:`InvalidInputError` when it is not JSON."""
    return Connector.from_profile(parse_profile_json(text))


def load_profile(path: Path) -> Connector:
    """Read a profile file. Errors name the file and what is wrong, never raise OSError."""
    return Connector.from_profile(load_profile_json(path))


def load_profile_json(path: Path) -> Any:
    """The raw parsed JSON of a profile file (for :func:`~.validation.validate_profile`)."""
    raw = read_regular_file(
        path, max_bytes=MAX_PROFILE_BYTES, what=N_("a profile"), code_prefix="PROFILE"
    )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError(
            _("{path} is not UTF-8 text, so it is not a profile.").format(path=path),
            code="PROFILE_NOT_UTF8",
        ) from None
    try:
        return parse_profile_json(text)
    except InvalidInputError as exc:
        # Translators: {problem} is a whole sentence about the file {path}.
        message = _("{path}: {problem}").format(path=path, problem=exc.message)
        raise InvalidInputError(message, code=exc.code) from None


def profile_json(connector: Connector) -> str:
    """The profile as the text written to disk (UTF-8, two-space indent, trailing newline).

    Raises :class:`InvalidInputError` when a value cannot be written as JSON that survives UTF-8
    (a lone surrogate, ``NaN``, something that is not a JSON value).
    """
    try:
        text = json.dumps(connector.to_profile(), ensure_ascii=False, indent=2, allow_nan=False)
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(
            _("A value contains a broken character (a lone UTF-16 surrogate); retype it."),
            code="PROFILE_BAD_TEXT",
        ) from None
    except (TypeError, ValueError, RecursionError):
        raise InvalidInputError(
            _("The profile holds a value that cannot be written as JSON."),
            code="PROFILE_BAD_VALUE",
        ) from None
    return text + "\n"


def save_profile(path: Path, connector: Connector) -> None:
    """Write atomically: a crash mid-write leaves the old file, never half a profile; the file's
    mode and a symbolic link are kept (:mod:`~gui.core.model.atomic_write`)."""
    try:
        # A new profile is an ordinary document (the umask decides, like an editor's); an
        # existing one keeps its mode. It never holds a secret (no ``auth``).
        write_text_atomically(path, profile_json(connector), new_file_mode=0o666)
    except OSError as exc:
        raise InvalidInputError(
            _("Cannot save {path}: {reason}").format(path=path, reason=exc.strerror or exc),
            code="PROFILE_UNWRITABLE",
        ) from None


def new_connector() -> Connector:
    """A new profile: the documented defaults and the default icon (when the file exists)."""
    from gui.core.icon.codec import encode_data_image, import_svg
    from gui.core.paths import default_icon_path

    try:
        data_image = encode_data_image(import_svg(default_icon_path().read_bytes()).svg)
    except (OSError, B24Error) as exc:
        log.warning("no default icon: %s", exc)
        data_image = ""
    return Connector().with_value("ICON.DATA_IMAGE", data_image)
