"""Keeps the two tile previews in step with the form, without ever blocking typing.

Each keystroke hands the current connector here. A tile whose inputs did not change is left
alone; otherwise its render is submitted to the render runner at once if none is in flight, or
remembered so that only the newest state is rendered when the current one finishes. This is a
self-adjusting debounce: an idle machine shows every keystroke, a busy one skips states nobody
would see. The render itself (core renderer, pixels, SVG facts) happens on the runner. When
a glyph uses ``currentColor`` (which Bitrix24 paints black), the form's icon editor says so.

The first render waits until the active preview has been painted (or :data:`FIRST_RENDER_LATEST_MS`
passed): its thread imports cairocffi and cairosvg (~200 ms, holding the GIL in bursts), which
would otherwise slow the GUI thread building and painting the filled form at start-up.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

from gui.core.cancel import CancelToken
from gui.core.errors import B24Error, OperationCancelled
from gui.core.i18n import _
from gui.core.model.connector import Connector
from gui.qt.connector_form import ConnectorForm
from gui.qt.preview import BADGE_PX, LARGE_PX, TilePreview
from gui.qt.task_runner import TaskRunner
from gui.qt.tile_description import TileColours, describe_tile, tile_colours

if TYPE_CHECKING:
    from gui.core.icon.tile import TileImage

log = logging.getLogger(__name__)

FIRST_RENDER_LATEST_MS = 300
"""The first render starts after the preview's first paint, or after this long at the latest."""


@dataclass(frozen=True)
class TileRender:
    """A finished render: the tiles' pixels at device pixels, what the user should know, and
    the badge's colours (for its text alternative)."""

    badge: TileImage
    large: TileImage
    note: str
    uses_current_color: bool
    colours: TileColours | None = None


def render_tile(
    connector: Connector, disabled: bool, ratio: float, cancel: CancelToken
) -> TileRender:
    """Render one tile at 44 px and the large size, times the screen's device pixel ratio (runs
    on the render runner; the core caches the parsed icon and its layer per placement)."""
    from gui.core.icon.tile import connector_tile_image, effective_icon, uses_current_color

    badge = connector_tile_image(
        connector, disabled=disabled, px=round(BADGE_PX * ratio), round=True, zoom=ratio
    )
    cancel.raise_if_cancelled()
    large = connector_tile_image(
        connector, disabled=disabled, px=round(LARGE_PX * ratio), round=True, zoom=ratio
    )
    image = effective_icon(connector, disabled).data_image
    current_color = uses_current_color(image)
    notes: list[str] = []
    if disabled and not connector.icon_disabled.data_image:
        notes.append(
            _("No disabled image: Bitrix24 shows the active image on the disabled colour.")
            if connector.icon_disabled.color
            else _(
                "No disabled image: Bitrix24 shows the active image on the disabled colour "
                "({colour})."
            ).format(colour="#ebeff2")
        )
    if not image:
        notes.append(_("No image: Bitrix24 shows an empty tile."))
    if current_color:
        notes.append(_("The SVG uses currentColor: its glyph paints black."))
    colours = tile_colours(badge.width, badge.height, badge.stride, badge.data)
    return TileRender(badge, large, " ".join(notes), current_color, colours)


class PreviewPresenter(QObject):
    """Renders the active and disabled tiles off the GUI thread as the form changes.

    Signals: none (it drives the :class:`TilePreview` widgets and the form's currentColor notes).
    """

    def __init__(
        self, runner: TaskRunner, active: TilePreview, disabled: TilePreview, form: ConnectorForm
    ) -> None:
        super().__init__(form)
        self._runner = runner
        self._form = form
        self._tiles = {False: active, True: disabled}
        self._shown_key: dict[bool, object] = {}
        self._in_flight: dict[bool, int] = {}
        self._task_tile: dict[int, bool] = {}
        self._task_key: dict[int, object] = {}
        self._pending: dict[bool, Connector] = {}
        self.current_color_seen: dict[bool, bool] = {False: False, True: False}
        self._rendering = False
        self._held: Connector | None = None
        runner.succeeded.connect(self._on_runner_succeeded)
        runner.failed.connect(self._on_runner_failed)

    @staticmethod
    def _key(connector: Connector, disabled: bool) -> object:
        """What the tile depends on: the icon Bitrix24 would show (the core's fallback rule)."""
        from gui.core.icon.tile import effective_icon

        return effective_icon(connector, disabled)

    def show(self, connector: Connector) -> None:
        """Bring both tiles up to date with ``connector`` (active first: it is what users edit)."""
        if not self._rendering:
            self._hold_until_painted(connector)
            return
        for disabled in (False, True):
            key = self._key(connector, disabled)
            if disabled in self._in_flight:
                self._pending[disabled] = connector
            elif self._shown_key.get(disabled) != key:
                self._submit(connector, disabled)

    def _hold_until_painted(self, connector: Connector) -> None:
        if self._held is None:
            self._tiles[False].installEventFilter(self)
            QTimer.singleShot(FIRST_RENDER_LATEST_MS, self._start_rendering)
        self._held = connector

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The active preview's first paint: render once the event loop is free again."""
        if event.type() == QEvent.Type.Paint and not self._rendering:
            QTimer.singleShot(0, self._start_rendering)
        return False

    def _start_rendering(self) -> None:
        if self._rendering:
            return
        self._rendering = True
        self._tiles[False].removeEventFilter(self)
        held, self._held = self._held, None
        if held is not None:
            # The window may have closed before its first render: then none is needed.
            with contextlib.suppress(OperationCancelled):
                self.show(held)

    def _submit(self, connector: Connector, disabled: bool) -> None:
        ratio = self._tiles[disabled].devicePixelRatioF()
        task_id = self._runner.submit(functools.partial(render_tile, connector, disabled, ratio))
        self._in_flight[disabled] = task_id
        self._task_tile[task_id] = disabled
        self._task_key[task_id] = self._key(connector, disabled)

    def _finish(self, task_id: int) -> bool | None:
        disabled = self._task_tile.pop(task_id, None)
        key = self._task_key.pop(task_id, None)
        if disabled is None:
            return None
        self._in_flight.pop(disabled, None)
        self._shown_key[disabled] = key
        return disabled

    def _next(self, disabled: bool) -> None:
        pending = self._pending.pop(disabled, None)
        if pending is not None and self._shown_key.get(disabled) != self._key(pending, disabled):
            self._submit(pending, disabled)

    def _on_runner_succeeded(self, task_id: int, result: object) -> None:
        disabled = self._finish(task_id)
        if disabled is None or not isinstance(result, TileRender):
            return
        self._tiles[disabled].show_pictures(
            result.badge,
            result.large,
            result.note,
            describe_tile(BADGE_PX, result.colours),
        )
        self._show_current_color(disabled, result.uses_current_color)
        self._next(disabled)

    def _on_runner_failed(self, task_id: int, error: object) -> None:
        disabled = self._finish(task_id)
        if disabled is None:
            return
        if isinstance(error, B24Error):
            text = _("Bitrix24 would show no icon: {reason}").format(reason=error.message)
        else:
            log.error("the preview could not be drawn", exc_info=error)  # type: ignore[arg-type]
            text = _("The preview could not be drawn (the details are in the log).")
        self._tiles[disabled].show_problem(text)
        self._show_current_color(disabled, False)
        self._next(disabled)

    def _show_current_color(self, disabled: bool, seen: bool) -> None:
        self.current_color_seen[disabled] = seen
        if not disabled:
            self._form.icon_editor.show_current_colour_notice(seen)
            return
        own_image = bool(self._form.disabled_icon_editor.values()["DATA_IMAGE"])
        self._form.disabled_icon_editor.show_current_colour_notice(seen and own_image)
