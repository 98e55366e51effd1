"""What each ``imconnector.register`` parameter means, in our words, for tooltips and help.

One entry per parameter path (the widget object names of DESIGN.md "Widgets"), written from the
Bitrix24 facts in BITRIX.md §1 and §4: what the portal does with the value, its default, and the
trap people fall into. ``tooltip`` is one or two sentences for hovering; ``details`` is the full
explanation for a help pane. Plain strings only: the window decides how to show them. Every text
is in the language in effect when it is looked up (built once per language).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from gui.core.i18n import N_, _, current_language


@dataclass(frozen=True)
class FieldHelp:
    """Help for one parameter path: a short label, a tooltip, details, default and requiredness.

    ``default`` is the documented default as the user would write it (``"true"``, ``"#90be00"``),
    or ``None`` when the parameter has none.
    """

    path: str
    label: str
    tooltip: str
    details: str
    default: str | None = None
    required: bool = False

    def __str__(self) -> str:
        """The tooltip, so ``str(help_for(path))`` is ready to show."""
        return self.tooltip


def _icon_details() -> str:
    return _(
        "Bitrix24 paints each connector as a small tile (44 px, usually round): the COLOR fills "
        "it and the SVG is drawn on top with the SIZE and POSITION you give, exactly like CSS "
        "background-size and background-position. Built-in connectors use a white glyph on a "
        "coloured circle."
    )


def _data_image(prefix: str, required: bool) -> FieldHelp:
    active = prefix == "ICON"
    if active:
        tooltip = _(
            "The SVG icon shown while the connector is connected, as a data URI. Import an SVG "
            "file to fill it."
        )
        intro = _(
            "The SVG icon shown while the connector is connected, written as a data URI that "
            "starts with data:image/svg+xml, followed by the percent-encoded SVG."
        )
        fallback = _("Required: the portal refuses a connector without it.")
    else:
        tooltip = _(
            "The SVG icon shown while it is not connected, as a data URI. Import an SVG file to "
            "fill it."
        )
        intro = _(
            "The SVG icon shown while it is not connected, written as a data URI that starts "
            "with data:image/svg+xml, followed by the percent-encoded SVG."
        )
        fallback = _("Optional: when empty, Bitrix24 shows the active icon on the disabled colour.")
    body = _(
        "Bitrix24 pastes this text unchanged between single quotes in url('…') inside a style "
        "sheet, so an unencoded ' , #, %, <, backslash or line break makes the icon disappear "
        "(or breaks every connector icon on the page). Importing an SVG file encodes it "
        'correctly. The SVG needs xmlns="http://www.w3.org/2000/svg" or browsers paint '
        "nothing, and currentColor paints black. Keep it a few KB: it is inlined into every page "
        "that lists connectors."
    )
    return FieldHelp(
        path=f"{prefix}.DATA_IMAGE",
        label=_("Icon") if active else _("Disabled icon"),
        tooltip=tooltip,
        details=" ".join((intro, body, fallback, _icon_details())),
        required=required,
    )


def _color(prefix: str, default: str, default_name: str) -> FieldHelp:
    name = _(default_name)
    return FieldHelp(
        path=f"{prefix}.COLOR",
        label=_("Tile colour"),
        tooltip=_("Background colour of the tile; any CSS colour. Empty: {name}.").format(
            name=name
        ),
        details=" ".join(
            (
                _(
                    "The tile's background colour, in any form a browser accepts: #69acc0, "
                    "rgb(105 172 192), hsl(…), a colour name. It is written into the style sheet "
                    "as is, so it must be a single valid colour. Empty: {name} ({default})."
                ).format(name=name, default=default),
                _icon_details(),
            )
        ),
        default=default,
    )


def _size(prefix: str) -> FieldHelp:
    return FieldHelp(
        path=f"{prefix}.SIZE",
        label=_("Icon size"),
        tooltip=_(
            "CSS background-size of the icon in its tile: 90%, contain, 30px… Empty: 100% auto."
        ),
        details=" ".join(
            (
                _(
                    "Any CSS background-size value: a percentage of the tile (90%), contain, "
                    "cover, auto, a length (30px) or two values (100% 50%). With auto, an SVG "
                    "that has width and height is drawn at that size, and one with only a viewBox "
                    "fills the tile like contain. Empty: the portal's base style, 100% auto (as "
                    "wide as the tile)."
                ),
                _icon_details(),
            )
        ),
    )


def _position(prefix: str) -> FieldHelp:
    return FieldHelp(
        path=f"{prefix}.POSITION",
        label=_("Icon position"),
        tooltip=_(
            "CSS background-position of the icon in its tile: center, left top… Empty: center."
        ),
        details=" ".join(
            (
                _(
                    "Any CSS background-position value: center, left top, right 10% bottom, "
                    "30% 70%, a length… Empty: the portal's base style, center."
                ),
                _icon_details(),
            )
        ),
    )


def _flag(path: str, label: str, tooltip: str, details: str, default: bool) -> FieldHelp:
    default_text = "true" if default else "false"
    short = _("{tooltip} Default: on.") if default else _("{tooltip} Default: off.")
    as_json = _(
        "Sent as a JSON boolean; the default when left out is {default}. In a profile write "
        'true or false without quotes: the portal reads any non-empty text, even "N", as true.'
    )
    return FieldHelp(
        path=path,
        label=label,
        tooltip=short.format(tooltip=tooltip),
        details=" ".join((details, as_json.format(default=default_text))),
        default=default_text,
    )


def _entries() -> tuple[FieldHelp, ...]:
    """Every parameter's help in the current language, in the docs' order."""
    return (
        FieldHelp(
            path="ID",
            label=_("Connector ID"),
            tooltip=_(
                "Your connector's identifier, unique per portal: lower-case letters, digits and "
                "_, starting with a vendor prefix (acme_chat)."
            ),
            details=_(
                "The identifier of your connector; every later call (imconnector.activate, "
                "imconnector.send.messages…) names the connector by it. It is unique per "
                "portal, across all apps, so start it with your company or app name and an "
                "underscore. The portal stores it in lower case and refuses a dot; use only "
                "a–z, 0–9 and _, at most 255 characters. An upper-case ID registers, but the "
                "calls your connector later makes with the original spelling (editing or "
                'deleting messages) fail. Empty, and also "0", counts as missing. Registering '
                "again with the same ID updates the connector, so a retry is safe."
            ),
            required=True,
        ),
        FieldHelp(
            path="NAME",
            label=_("Name"),
            tooltip=_("The channel name users see in Contact Center and Open Channels."),
            details=_(
                "The name of the channel in the Bitrix24 interface (Contact Center, Open "
                'Channels settings). Required, at most 255 characters; "0" counts as empty on '
                "the server."
            ),
            required=True,
        ),
        _data_image("ICON", required=True),
        # Translators: "Empty: Bitrix24's green" — the tile's colour when COLOR is empty.
        _color("ICON", "#90be00", N_("Bitrix24's green")),
        _size("ICON"),
        _position("ICON"),
        FieldHelp(
            path="PLACEMENT_HANDLER",
            label=_("Settings page URL"),
            tooltip=_(
                "The public https:// address of your connector's settings page; Bitrix24 opens "
                "it in a slider."
            ),
            details=_(
                "The address of your connector's settings page. When an administrator connects "
                "the channel to an Open Line, Bitrix24 opens this page in a slider inside the "
                "portal and passes it the Open Line; typically your page then activates the "
                "connector on that line (imconnector.activate). It must be a full https:// "
                "address reachable from the administrator's browser: an http:// or internal "
                "address leaves the slider empty. Required."
            ),
            required=True,
        ),
        _data_image("ICON_DISABLED", required=False),
        # Translators: "Empty: light grey" — the disabled tile's colour when COLOR is empty.
        _color("ICON_DISABLED", "#ebeff2", N_("light grey")),
        _size("ICON_DISABLED"),
        _position("ICON_DISABLED"),
        _flag(
            "DEL_EXTERNAL_MESSAGES",
            _("Clients' messages can be deleted"),
            _("Messages from clients may be deleted."),
            _("Whether messages that came from clients through your connector may be deleted."),
            default=True,
        ),
        _flag(
            "EDIT_INTERNAL_MESSAGES",
            _("Operators can edit messages"),
            _("Operators may edit the messages they sent."),
            _(
                "Whether operators may edit messages they already sent to the client; your "
                "connector is then told about the change (OnImConnectorMessageUpdate) and "
                "should update the message in the external channel."
            ),
            default=True,
        ),
        _flag(
            "DEL_INTERNAL_MESSAGES",
            _("Operators can delete messages"),
            _("Operators may delete the messages they sent."),
            _(
                "Whether operators may delete messages they already sent to the client; your "
                "connector is then told (OnImConnectorMessageDelete) and should delete the "
                "message in the external channel."
            ),
            default=True,
        ),
        _flag(
            "NEWSLETTER",
            _("Usable in CRM mailings"),
            _("The channel can be used for CRM mass mailings."),
            _(
                "Whether the channel is offered for CRM mailings (sending messages to many "
                "clients)."
            ),
            default=True,
        ),
        _flag(
            "NEED_SYSTEM_MESSAGES",
            _("Send system messages"),
            _("System messages are sent to the channel too."),
            _(
                "Whether Bitrix24's system messages in the dialog (not written by an operator) "
                "are also sent to the client through your connector."
            ),
            default=True,
        ),
        _flag(
            "NEED_SIGNATURE",
            _("Operator signature"),
            _("The operator's name is added to messages sent to the client."),
            _(
                "Whether the operator's signature (name) is added to each message sent to the "
                "client."
            ),
            default=True,
        ),
        _flag(
            "CHAT_GROUP",
            _("Group chats"),
            _(
                "On: dialogs are grouped by the external chat id (group chats) and CRM "
                "auto-binding is skipped. Off: one dialog per external user."
            ),
            _(
                "How messages are gathered into dialogs. Off (the default): one dialog per "
                "external user, the usual case for a one-to-one messenger, with CRM auto-binding "
                "as usual. On: dialogs are grouped by the external chat's id, so everyone in an "
                "external group chat lands in the same dialog, and the automatic CRM binding is "
                "skipped (a group is not one client)."
            ),
            default=False,
        ),
        FieldHelp(
            path="COMMENT",
            label=_("Comment"),
            tooltip=_("A short text shown in the connector's settings block in the slider."),
            details=_(
                "A short explanation shown in the connector's settings block in the slider. It "
                "is missing from the English docs' table but the portal accepts it. Keep it "
                "short. According to the server's source, it is saved with the settings page the "
                "first time that PLACEMENT_HANDLER is registered; registering again with the same "
                "PLACEMENT_HANDLER may keep the old text."
            ),
        ),
    )


@functools.lru_cache(maxsize=4)
def _help_in(language: str) -> Mapping[str, FieldHelp]:
    """Every parameter's help in ``language`` (built once per language, then reused)."""
    return MappingProxyType({entry.path: entry for entry in _entries()})


class _FieldHelpTable(Mapping[str, FieldHelp]):
    """:data:`FIELD_HELP`: each lookup answers in the language in effect at that moment."""

    def __getitem__(self, path: str) -> FieldHelp:
        return _help_in(current_language())[path]

    def __iter__(self) -> Iterator[str]:
        return iter(_help_in(current_language()))

    def __len__(self) -> int:
        return len(_help_in(current_language()))


FIELD_HELP: Mapping[str, FieldHelp] = _FieldHelpTable()
"""Help for every parameter path, in the docs' order (read-only), in the current language."""


def help_for(path: str) -> FieldHelp:
    """Help for ``path``; an unknown parameter gets a short note instead of a ``KeyError``."""
    found = FIELD_HELP.get(path)
    if found is not None:
        return found
    note = _(
        "{field} is not an imconnector.register parameter. It is kept in the profile and sent "
        "as is; the portal ignores it."
    ).format(field=path)
    return FieldHelp(path=path, label=path, tooltip=note, details=note)


def tooltip(path: str) -> str:
    """The one- or two-sentence tooltip for ``path``."""
    return help_for(path).tooltip


def tooltip_html(path: str) -> str:
    """The window's rich-text tooltip for ``path`` (rich text wraps): the label, the short help
    and the details in italics (no colour of its own: the tooltip's palette colours it, light
    or dark)."""
    found = help_for(path)
    parts = [f"<b>{html.escape(found.label)}</b> ({html.escape(path)})", html.escape(found.tooltip)]
    if found.details and found.details != found.tooltip:
        parts.append(f"<i>{html.escape(found.details)}</i>")
    return "<p>" + "</p><p>".join(parts) + "</p>"


__all__ = ["FIELD_HELP", "FieldHelp", "help_for", "tooltip", "tooltip_html"]
