"""The icon modules' refusals and notes in Russian: the reason is translated, the codes, CSS and
SVG syntax quoted in it stay as written. English stays the default (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.core.errors import InvalidInputError
from gui.core.icon.codec import decode_data_image, encode_data_image, import_svg, load_svg_file
from gui.core.icon.css_values import parse_background_position, parse_color
from gui.core.icon.svg_safety import inspect_svg
from gui.core.icon.tile import render_tile
from gui.core.model.connector import IconSpec
from tests.core.test_render_budget import nested_uses

pytestmark = pytest.mark.usefixtures("russian")

SVG_NS = "http://www.w3.org/2000/svg"


def refusal(call: object, *args: object, **kwargs: object) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value


def test_a_file_that_is_not_an_svg_is_named_in_russian() -> None:
    error = refusal(inspect_svg, b"\x89PNG\r\n\x1a\n....")
    assert (error.code, error.message) == (
        "SVG_NOT_SVG",
        "Это изображение PNG, а не SVG. Иконки коннекторов Битрикс24 должны быть в формате SVG.",
    )


def test_a_broken_data_uri_is_explained_in_russian() -> None:
    error = refusal(decode_data_image, "data:image/svg+xml;base64,@@@")
    assert error.code == "SVG_BAD_DATA_URI"
    assert error.message == "В data URI указано base64, но его текст — некорректный base64."
    start = refusal(decode_data_image, "hello")
    assert start.message == (
        "Это не SVG: после декодирования значение не начинается с элемента <svg> "
        "(оно начинается с 'hello')."
    )


def test_import_notes_are_russian_and_the_missing_xlink_is_still_added() -> None:
    """The xlink repair recognises the XML parser's own words, which stay English in any
    language: in Russian it must still happen."""
    svg = b'<svg viewBox="0 0 1 1"><use xlink:href="#a"/><circle id="a" r="1"/></svg>'
    icon = import_svg(svg)
    assert b'xmlns:xlink="http://www.w3.org/1999/xlink"' in icon.svg
    assert icon.notes[:2] == (
        "Добавлено недостающее объявление xmlns:xlink (в файле используется xlink:href).",
        f'Добавлен недостающий атрибут xmlns="{SVG_NS}": без него браузер ничего не рисует.',
    )


def test_a_folder_is_refused_in_russian_naming_the_path(tmp_path: Path) -> None:
    error = refusal(load_svg_file, tmp_path)
    assert error.message == f"{tmp_path} — папка, а не SVG-иконка; выберите обычный файл."


@pytest.mark.parametrize(
    ("parse", "text", "expected"),
    [
        (parse_color, "#12", "'#12' — не шестнадцатеричный цвет: используйте #rgb, #rgba,"),
        (parse_color, "1em", "цвет: единица 'em' зависит от страницы Битрикс24;"),
        (parse_color, "hwb(1, 2, 3)", "hwb() принимает значения через пробел, без запятых."),
        (parse_background_position, "left right", "background-position: 'left' и 'right'"),
    ],
)
def test_css_values_are_refused_in_russian_with_the_css_quoted(parse, text, expected) -> None:
    with pytest.raises(ValueError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        parse(text)


def test_the_tile_names_its_field_and_explains_in_russian() -> None:
    error = refusal(render_tile, IconSpec(color="nope"), px=44, field_prefix="ICON_DISABLED")
    assert (error.code, error.field) == ("CSS_INVALID", "ICON_DISABLED.COLOR")
    assert error.message == "ICON_DISABLED.COLOR: 'nope' — не название цвета CSS."
    size = refusal(render_tile, IconSpec(), px=0)
    assert size.message == "Размер плитки должен быть целым числом пикселей от 1 до 1024, а не 0."


def test_an_icon_too_complex_to_draw_is_refused_in_russian() -> None:
    """Both parts of the refusal are translated when it is raised: the sentence and its detail."""
    error = refusal(render_tile, IconSpec(data_image=encode_data_image(nested_uses())), px=44)
    assert (error.code, error.field) == ("ICON_TOO_COMPLEX", "ICON.DATA_IMAGE")
    assert error.message.startswith(
        "Эта иконка слишком сложна для отрисовки: она требует больше 1,500,000 единиц работы"
    )
