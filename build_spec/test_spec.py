"""Fast checks of the build inputs (no bundle is built): the spec's exclusions and the app icons."""

from __future__ import annotations

import ast
import struct
from pathlib import Path
from typing import Any

from make_icons import ICNS_TYPES, ICO_SIZES, SVG, build_icons, main, same_pictures
from pyinstaller_build import ROOT, SPEC

from gui.core.i18n import LANGUAGES
from gui.core.icon.tile import decode_png_rgba


def spec_excludes() -> list[str]:
    """The ``excludes = [...]`` list of the spec, read without running it."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "excludes":
            value: list[str] = ast.literal_eval(node.value)
            return value
    raise AssertionError("the spec has no excludes list")


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def test_the_program_never_imports_a_module_the_spec_excludes() -> None:
    excluded = spec_excludes()
    assert "setuptools" in excluded
    assert "PySide6.QtNetwork" in excluded
    offenders = []
    for path in sorted((ROOT / "gui").rglob("*.py")):
        for module in imported_modules(path):
            if any(module == name or module.startswith(f"{name}.") for name in excluded):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == [], "the frozen program would lack these: " + "; ".join(offenders)


def spec_drop_reason() -> Any:
    """The spec's ``_drop_reason`` with the tables it reads, run without PyInstaller."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    wanted = {"KEEP_PLUGINS", "KEEP_QT_TRANSLATIONS", "DROP_QT_LIBRARIES", "_drop_reason"}
    body = [
        node
        for node in tree.body
        if (isinstance(node, ast.FunctionDef) and node.name in wanted)
        or (isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) in wanted)
    ]
    namespace: dict[str, Any] = {"Path": Path, "LANGUAGES": LANGUAGES}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(SPEC), "exec"), namespace)  # noqa: S102
    return namespace["_drop_reason"]


def test_qt_translations_of_the_programs_languages_are_kept_the_others_dropped() -> None:
    drop_reason = spec_drop_reason()
    folder = Path("PySide6") / "Qt" / "translations"
    for language in LANGUAGES:
        for catalogue in ("qtbase", "qt"):
            assert drop_reason(str(folder / f"{catalogue}_{language}.qm")) is None
    for other in ("qtbase_de.qm", "designer_ru.qm", "qtdeclarative_ru.qm", "qt_help_ru.qm"):
        assert drop_reason(str(folder / other)) == "Qt translation"


def test_the_committed_icons_are_regenerated_from_the_svg() -> None:
    assert main(["--check"]) == 0


def test_the_check_ignores_encoding_but_sees_a_changed_picture() -> None:
    names = ("app-icon.png", "app-icon.ico", "app-icon.icns")
    committed = {name: (ROOT / "resources" / name).read_bytes() for name in names}
    moved_dot = build_icons(SVG.read_bytes().replace(b'cx="92"', b'cx="80"'))
    for name, data in committed.items():
        assert same_pictures(data, data)
        assert not same_pictures(data, moved_dot[name]), name


def test_ico_holds_a_png_of_each_size() -> None:
    data = build_icons((ROOT / "resources" / "app-icon.svg").read_bytes())["app-icon.ico"]
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(ICO_SIZES))
    for index, size in enumerate(ICO_SIZES):
        side, _, _, _, _, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert side == size % 256 and bits == 32
        width, height, _ = decode_png_rgba(data[offset : offset + length])
        assert (width, height) == (size, size)


def test_icns_holds_a_png_for_each_type() -> None:
    data = build_icons((ROOT / "resources" / "app-icon.svg").read_bytes())["app-icon.icns"]
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    found, offset = [], 8
    while offset < len(data):
        kind, length = data[offset : offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        width, height, _ = decode_png_rgba(data[offset + 8 : offset + length])
        found.append((kind, width))
        assert width == height
        offset += length
    assert found == list(ICNS_TYPES)
