"""The portal: its address, what token is stored for it, and the log-in / forget / sandbox actions.

The panel only displays; the window reads the keyring (GUI thread) and tells the panel what it
found. The token's secrets never reach this widget — only its expiry and scopes.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from gui.core.i18n import _
from gui.qt.field_row import (
    FieldMessage,
    MessageKind,
    WrappedLabel,
    describe,
    field_label,
    mark_editor,
    name_field,
)


def _span(seconds: float) -> str:
    """``52 min`` / ``3 h`` (abbreviated units: no plural forms in either language)."""
    minutes = round(abs(seconds) / 60)
    if minutes < 120:
        return _("{n} min").format(n=minutes)
    return _("{n} h").format(n=round(abs(seconds) / 3600))


def describe_expiry(expires: int, now: float) -> str:
    """``2026-12-03 14:10 (in 52 min)`` / ``… (expired 3 h ago; it is refreshed …)``."""
    when = dt.datetime.fromtimestamp(expires).strftime("%Y-%m-%d %H:%M")
    delta = expires - now
    if delta > 0:
        return _("{when} (in {span})").format(when=when, span=_span(delta))
    return _(
        "{when} (expired {span} ago; it is refreshed automatically when you register)"
    ).format(when=when, span=_span(delta))


def no_token_text() -> str:
    """The token row when the keyring holds none for the address."""
    return _("none stored — use Log in…")


def system_trust_text() -> str:
    return _("the system's trust store")


class PortalPanel(QGroupBox):
    """The portal address and the stored token's summary.

    Signals:
        address_changed(str text): the user edited the address (debounced by 300 ms).
        login_requested(): "Log in…" was clicked.
        forget_requested(): "Forget" was clicked.
        sandbox_requested(): "Try it with the local sandbox" was clicked.
    """

    address_changed = Signal(str)
    login_requested = Signal()
    forget_requested = Signal()
    sandbox_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Portal"), parent)
        self.address = QLineEdit()
        name_field(self.address, "portal")
        self.known = QStringListModel(self)
        completer = QCompleter(self.known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.address.setCompleter(completer)
        self.choose = QToolButton()
        name_field(self.choose, "portal.choose", _("The portals with a stored token"))
        self.choose.setText("▾")
        describe(self.choose, _("Switch to another portal you hold a token for"))
        self.choose.setEnabled(False)
        self.address.setPlaceholderText("https://yourcompany.bitrix24.com")
        describe(
            self.address,
            _(
                "The client's Bitrix24 address. The app must be installed there; its OAuth "
                "token is kept in your OS keyring under this host."
            ),
        )
        self.message = FieldMessage("portal")
        self.message.keep_space(lines=2)  # typing an address never moves the token rows below
        self.token_state = WrappedLabel("—")
        name_field(self.token_state, "portal.token")
        self.expires = WrappedLabel("—")
        name_field(self.expires, "portal.expires")
        self.scopes = WrappedLabel("—")
        name_field(self.scopes, "portal.scopes")
        self.trust = WrappedLabel(system_trust_text())
        name_field(self.trust, "portal.trust")
        self.trust.setToolTip(_("Portal ▸ Custom CA bundle… for an on-premise portal's own CA"))
        self.login = QPushButton(_("Log in…"))
        name_field(self.login, "portal.login", self.login.text())
        describe(self.login, _("Authorize the app on this portal (OAuth) and keep the token"))
        self.forget = QPushButton(_("Forget"))
        name_field(self.forget, "portal.forget", self.forget.text())
        describe(self.forget, _("Delete this portal's token from the OS keyring"))
        self.sandbox = QPushButton(_("Try it with the local sandbox"))
        name_field(self.sandbox, "portal.sandbox", self.sandbox.text())
        describe(
            self.sandbox,
            _(
                "Start a simulated portal on this computer and point the window at it with a "
                "ready token, to rehearse a registration end to end"
            ),
        )
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.login)
        buttons.addWidget(self.forget)
        buttons.addStretch(1)
        button_row = QWidget()
        button_row.setLayout(buttons)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        address_row = QWidget()
        address_layout = QHBoxLayout(address_row)
        address_layout.setContentsMargins(0, 0, 0, 0)
        address_layout.addWidget(self.address, 1)
        address_layout.addWidget(self.choose)
        form.addRow(field_label(_("Address:"), self.address), address_row)
        form.addRow("", self.message)
        # Read-only rows: a plain label (no buddy), read before the value it names.
        for label, value in (
            (_("Token:"), self.token_state),
            (_("Expires:"), self.expires),
            (_("Scopes:"), self.scopes),
            (_("Certificates:"), self.trust),
        ):
            form.addRow(QLabel(label), value)
        form.addRow("", button_row)
        form.addRow(self.sandbox)  # the whole width: its text is long in some languages
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.address.textChanged.connect(self._on_address_text_changed)
        self.login.clicked.connect(self.login_requested)
        self.forget.clicked.connect(self.forget_requested)
        self.sandbox.clicked.connect(self.sandbox_requested)
        self.choose.clicked.connect(self._on_choose_clicked)
        completer.activated.connect(self._on_completer_activated)
        self.show_no_token()

    def text(self) -> str:
        return self.address.text().strip()

    def set_known_portals(self, addresses: list[str]) -> None:
        """The portals offered for switching (those the keyring holds a token for)."""
        self.known.setStringList(addresses)
        self.choose.setEnabled(bool(addresses))

    def _on_choose_clicked(self) -> None:
        completer = self.address.completer()
        completer.setCompletionPrefix("")
        completer.complete()

    def _on_completer_activated(self, text: str) -> None:
        self.set_text(text)

    def address_problem(self) -> str:
        """Why the address cannot be used (empty when it can)."""
        from gui.core.errors import B24Error
        from gui.core.portal.address import PortalAddress

        if not self.text():
            return _("Enter the portal's address.")
        try:
            PortalAddress.parse(self.text())
        except B24Error as exc:
            return exc.message
        return ""

    def set_text(self, text: str) -> None:
        """Set the address and report it at once (no debounce: this is not typing)."""
        self.address.blockSignals(True)
        self.address.setText(text)
        self.address.blockSignals(False)
        self._debounce.stop()
        self.address_changed.emit(self.text())

    def flush(self) -> None:
        """Report a pending edit now (before Register reads the address)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.address_changed.emit(self.text())

    def owns(self, field: str) -> bool:
        """The panel owns the ``portal`` field (:class:`~gui.qt.feedback.FieldOwner`)."""
        return field == "portal"

    def show_field_error(self, field: str, message: str) -> None:
        """An error about the address: its first sentence here, whole (the status line shows the
        whole message too, so the side column is not told everything twice); whole in the
        tooltip."""
        self.show_message(MessageKind.ERROR, first_sentence(message))
        self.message.setToolTip(message)

    def show_message(self, kind: MessageKind | None, text: str) -> None:
        self.message.setToolTip("")
        if kind is None or not text:
            self.message.clear_message()
            mark_editor(self.address, None)
        else:
            self.message.show_message(kind, text)
            mark_editor(self.address, kind if kind is not MessageKind.NOTE else None)

    def show_token(
        self, expires: int, scopes: tuple[str, ...], now: float, *, in_memory: bool = False
    ) -> None:
        """A usable token: where it is kept, when it expires, its scopes."""
        if in_memory:
            self.token_state.setText(_("sandbox token, in memory — gone when the program closes"))
            self.token_state.setToolTip(
                _(
                    "The local sandbox's throwaway token is never put in the OS keyring, so the "
                    "rehearsal works without one. Real portals' tokens always go to the keyring."
                )
            )
        else:
            self.token_state.setText(_("stored in the OS keyring"))
            self.token_state.setToolTip("")
        self.expires.setText(describe_expiry(expires, now))
        missing = {"imopenlines"} - set(scopes)
        text = ", ".join(scopes) if scopes else _("(not recorded)")
        if scopes and missing:
            text = _("{scopes} — imopenlines is missing: registration will be refused").format(
                scopes=text
            )
        self.scopes.setText(text)
        self.forget.setEnabled(True)

    def show_trust(self, ca_bundle: str) -> None:
        """Which certificates HTTPS is checked against (verification is never switched off)."""
        self.trust.setText(ca_bundle or system_trust_text())

    def show_no_token(self, reason: str = "", detail: str = "") -> None:
        """No usable token: a short ``reason`` (default: none stored) on the row, the whole
        story in its tooltip."""
        self.token_state.setText(reason or no_token_text())
        self.token_state.setToolTip(detail)
        self.expires.setText("—")
        self.scopes.setText("—")
        self.forget.setEnabled(False)

    def _on_address_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        self.address_changed.emit(self.text())


# A sentence ends before a capital (Latin or Cyrillic: the messages are English or Russian) or an
# opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ“«\"(`])")


def first_sentence(text: str) -> str:
    """The first whole sentence of ``text`` (all of it when it is one sentence)."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
