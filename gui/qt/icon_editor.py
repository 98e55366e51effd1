"""One icon's fields (``ICON`` or ``ICON_DISABLED``): the SVG, its colour, size and position.

``DATA_IMAGE`` is filled by "Load SVG…" or by dropping an ``.svg`` file on the group; the core's
codec turns the file into the data URI Bitrix24 can show (BITRIX.md §4). ``COLOR`` has a swatch
that opens a colour picker; ``SIZE`` and ``POSITION`` are editable lists of common CSS values.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gui.core.errors import B24Error
from gui.core.i18n import _
from gui.core.model.field_help import tooltip_html
from gui.qt.colour_swatch import ColourSwatch
from gui.qt.field_row import (
    FieldMessage,
    MessageKind,
    TonedLabel,
    describe,
    field_label,
    name_field,
)
from gui.qt.long_line_edit import LongLineEdit
from gui.qt.tones import TextTone

log = logging.getLogger(__name__)

DATA_IMAGE_MAX_CHARS = 2**31 - 1
"""The icon field's ``maxLength``: as much as a QLineEdit holds (Qt's limit is a C int)."""

ACTIVE_DEFAULT_COLOUR = "#90be00"
DISABLED_DEFAULT_COLOUR = "#ebeff2"
SIZE_CHOICES = ("", "contain", "cover", "auto", "100% auto", "90%", "80%", "70%", "60%", "50%")
POSITION_CHOICES = (
    "",
    "center",
    "center center",
    "left top",
    "center top",
    "right top",
    "left center",
    "right center",
    "center bottom",
    "50% 50%",
)


def svg_paths_in(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local ``.svg`` files a drag carries."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".svg")
    ]


class IconEditor(QGroupBox):
    """The four fields of one icon, named ``<prefix>.DATA_IMAGE`` … ``<prefix>.POSITION``.

    Signals:
        edited(str path): the user changed the field at ``path`` (typing, loading, picking).
        message(str path, object kind, str text): a message for the field at ``path``
            (``kind`` a :class:`MessageKind`); an empty text clears it.
    """

    edited = Signal(str)
    message = Signal(str, object, str)

    def __init__(self, prefix: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._prefix = prefix
        self.setAcceptDrops(True)
        disabled = prefix == "ICON_DISABLED"
        default_colour = DISABLED_DEFAULT_COLOUR if disabled else ACTIVE_DEFAULT_COLOUR
        self._last_directory = ""

        self.data_image = LongLineEdit()  # a 500 KB icon must not slow every repaint
        name_field(self.data_image, f"{prefix}.DATA_IMAGE")
        self.data_image.setAcceptDrops(False)  # a dropped file goes to the group, not as text
        # Qt's default maxLength (32,767) silently cut long icons; the codec and the validation
        # judge the length and say what is wrong, the field itself never drops a character.
        self.data_image.setMaxLength(DATA_IMAGE_MAX_CHARS)
        # The field's text as last changed: the form reads every value on every keystroke, and
        # copying a 500 KB icon out of Qt seven times a keystroke stalled typing (~80 ms).
        self._data_image_text = ""
        self.data_image.setPlaceholderText(
            _("empty: the active image on the disabled colour")
            if disabled
            else _("data:image/svg+xml,… — load or drop an .svg file")
        )
        load = QPushButton(_("Load SVG…"))
        name_field(load, f"{prefix}.load", load.text())
        describe(load, _("Load an .svg file (or drop one on this box)"))
        load.clicked.connect(self._on_load_clicked)
        clear = QPushButton(_("Clear"))
        name_field(clear, f"{prefix}.clear", clear.text())
        describe(clear, _("Empty the SVG field"))
        clear.clicked.connect(self._on_clear_clicked)

        self.colour = QLineEdit()
        name_field(self.colour, f"{prefix}.COLOR")
        self.colour.setPlaceholderText(
            _("{colour} (Bitrix24's default)").format(colour=default_colour)
        )
        self.swatch = ColourSwatch(default_colour)
        name_field(self.swatch, f"{prefix}.COLOR.swatch", _("Pick a colour"))
        self.swatch.picked.connect(self._on_swatch_picked)

        self.size = self._css_combo(
            f"{prefix}.SIZE", SIZE_CHOICES, _("default: {value}").format(value="100% auto")
        )
        self.position = self._css_combo(
            f"{prefix}.POSITION", POSITION_CHOICES, _("default: {value}").format(value="center")
        )

        self.current_colour_note = TonedLabel(
            _(
                "This SVG paints with currentColor, which Bitrix24 shows as black. Its own icons "
                "are white glyphs on colour."
            )
        )
        name_field(self.current_colour_note, f"{prefix}.current_color_note")
        self.current_colour_note.set_tone(TextTone.WARNING)
        self.tint = QPushButton(_("Tint the glyph white"))
        name_field(self.tint, f"{prefix}.tint", self.tint.text())
        describe(self.tint, _("Replace currentColor by white in the SVG"))
        self.tint.clicked.connect(self._on_tint_clicked)
        self.current_colour_note.setVisible(False)
        self.tint.setVisible(False)

        self._messages = {
            key: FieldMessage(f"{prefix}.{key}")
            for key in ("DATA_IMAGE", "COLOR", "SIZE", "POSITION")
        }
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(field_label("SVG", self.data_image), self._row(self.data_image, load, clear))
        form.addRow("", self._messages["DATA_IMAGE"])
        form.addRow("", self.current_colour_note)
        form.addRow("", self.tint)
        form.addRow(
            field_label(_("Colour"), self.colour), self._row(self.colour, self.swatch)
        )
        form.addRow("", self._messages["COLOR"])
        form.addRow(field_label(_("Size"), self.size), self.size)
        form.addRow("", self._messages["SIZE"])
        form.addRow(field_label(_("Position"), self.position), self.position)
        form.addRow("", self._messages["POSITION"])
        for key, widget in self.editors().items():
            describe(widget, tooltip_html(key))
        for combo in (self.size, self.position):
            combo.lineEdit().setAccessibleName(combo.accessibleName())
            combo.lineEdit().setAccessibleDescription(combo.accessibleDescription())

        self.data_image.textChanged.connect(self._on_data_image_text_changed)
        self.colour.textChanged.connect(self._on_colour_text_changed)
        self.size.editTextChanged.connect(self._on_size_edit_text_changed)
        self.position.editTextChanged.connect(self._on_position_edit_text_changed)

    # ------------------------------------------------------------------ construction helpers
    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        return row

    @staticmethod
    def _css_combo(path: str, choices: tuple[str, ...], placeholder: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItems(list(choices))
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # The empty choice means "not set": a screen reader says so instead of nothing.
        combo.setItemData(0, placeholder, Qt.ItemDataRole.AccessibleTextRole)
        name_field(combo, path)
        combo.lineEdit().setPlaceholderText(placeholder)
        combo.setCurrentText("")
        return combo

    # ------------------------------------------------------------------ public
    @property
    def prefix(self) -> str:
        return self._prefix

    def editors(self) -> dict[str, QWidget]:
        """Parameter path → input widget."""
        return {
            f"{self._prefix}.DATA_IMAGE": self.data_image,
            f"{self._prefix}.COLOR": self.colour,
            f"{self._prefix}.SIZE": self.size,
            f"{self._prefix}.POSITION": self.position,
        }

    def messages(self) -> dict[str, FieldMessage]:
        return {f"{self._prefix}.{key}": label for key, label in self._messages.items()}

    def values(self) -> dict[str, str]:
        return {
            "DATA_IMAGE": self._data_image_text,
            "COLOR": self.colour.text().strip(),
            "SIZE": self.size.currentText().strip(),
            "POSITION": self.position.currentText().strip(),
        }

    def set_values(self, values: dict[str, str]) -> None:
        """Fill the fields without emitting ``edited`` (loading a profile is not an edit)."""
        for widget in self.editors().values():
            widget.blockSignals(True)
        try:
            self.data_image.setText(values.get("DATA_IMAGE", ""))
            self._data_image_text = self.data_image.text().strip()
            self.data_image.setCursorPosition(0)
            self.colour.setText(values.get("COLOR", ""))
            self.size.setCurrentText(values.get("SIZE", ""))
            self.position.setCurrentText(values.get("POSITION", ""))
        finally:
            for widget in self.editors().values():
                widget.blockSignals(False)
        self.swatch.show_css(self.colour.text())

    def show_current_colour_notice(self, uses_current_colour: bool) -> None:
        self.current_colour_note.setVisible(uses_current_colour)
        self.tint.setVisible(uses_current_colour)

    def load_svg_file(self, path: Path) -> None:
        """Read an SVG file and put its data URI in ``DATA_IMAGE`` (errors go beside the field)."""
        field = f"{self._prefix}.DATA_IMAGE"
        from gui.core.icon.codec import load_svg_file

        try:
            data_image, notes = load_svg_file(path)
        except B24Error as exc:
            self.message.emit(field, MessageKind.ERROR, exc.message)
            return
        self._last_directory = str(path.parent)
        self.data_image.setText(data_image)
        self.data_image.setCursorPosition(0)
        joined = "; ".join(notes)
        size_kb = QLocale().toString(len(data_image.encode()) / 1024, "f", 1)
        text = _("Loaded {file} ({size} KB encoded).").format(file=path.name, size=size_kb)
        self.message.emit(field, MessageKind.NOTE, f"{text} {joined}" if joined else text)

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if svg_paths_in(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = svg_paths_in(event)
        if paths:
            event.acceptProposedAction()
            self.load_svg_file(paths[0])
        else:
            event.ignore()

    # ------------------------------------------------------------------ slots
    def _on_load_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Load SVG icon"),
            self._last_directory,
            # Translators: a file dialog's filter; keep the patterns in parentheses and the ";;".
            _("SVG images (*.svg);;All files (*)"),
        )
        if name:
            self.load_svg_file(Path(name))

    def _on_clear_clicked(self) -> None:
        self.data_image.clear()

    def _on_tint_clicked(self) -> None:
        field = f"{self._prefix}.DATA_IMAGE"
        try:
            from gui.core.icon.codec import (
                decode_data_image,
                encode_data_image,
                tint_current_color,
            )

            svg = decode_data_image(self.data_image.text())
            tinted = tint_current_color(svg, "#ffffff")
            self.data_image.setText(encode_data_image(tinted))
        except B24Error as exc:
            self.message.emit(field, MessageKind.ERROR, exc.message)
            return
        self.data_image.setCursorPosition(0)
        self.message.emit(field, MessageKind.NOTE, _("The glyph now paints white."))

    def _on_swatch_picked(self, colour: str) -> None:
        self.colour.setText(colour)

    def _on_data_image_text_changed(self, text: str) -> None:
        self._data_image_text = text.strip()
        self.edited.emit(f"{self._prefix}.DATA_IMAGE")

    def _on_colour_text_changed(self, text: str) -> None:
        self.swatch.show_css(text)
        self.edited.emit(f"{self._prefix}.COLOR")

    def _on_size_edit_text_changed(self, _text: str) -> None:
        self.edited.emit(f"{self._prefix}.SIZE")

    def _on_position_edit_text_changed(self, _text: str) -> None:
        self.edited.emit(f"{self._prefix}.POSITION")
