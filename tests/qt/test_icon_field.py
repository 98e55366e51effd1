"""The icon field holds every DATA_IMAGE whole (Qt's default maxLength cut at 32,767 characters)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.core.errors import B24Error
from gui.core.icon.codec import encode_data_image, import_svg, load_svg_file
from gui.qt.icon_editor import IconEditor
from tests.sample_icons import sample_icon_files


def _encoded_samples() -> list[str]:
    values = []
    for path in sample_icon_files():
        try:
            values.append(encode_data_image(import_svg(path.read_bytes()).svg))
        except B24Error:
            continue
    return values


@pytest.mark.parametrize("prefix", ["ICON", "ICON_DISABLED"])
def test_every_sample_icon_round_trips_whole_through_the_field(qtbot: QtBot, prefix: str) -> None:
    editor = IconEditor(prefix, prefix)
    qtbot.addWidget(editor)
    values = _encoded_samples()
    assert len(values) >= 70
    assert max(len(value) for value in values) > 32_767  # the samples include long icons
    for value in values:
        editor.set_values({"DATA_IMAGE": value})  # a profile opened
        assert editor.values()["DATA_IMAGE"] == value
        editor.data_image.clear()
        editor.data_image.insert(value)  # typed or pasted
        assert editor.values()["DATA_IMAGE"] == value


def test_a_loaded_long_svg_file_is_not_cut(qtbot: QtBot, tmp_path: Path) -> None:
    editor = IconEditor("ICON", "ICON")
    qtbot.addWidget(editor)
    longest = max(sample_icon_files(), key=lambda path: path.stat().st_size)
    target = tmp_path / "long.svg"
    target.write_bytes(longest.read_bytes())
    editor.load_svg_file(target)
    text = editor.values()["DATA_IMAGE"]
    assert len(text) > 32_767
    assert text == load_svg_file(target)[0]
