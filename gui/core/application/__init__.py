"""The application layer: the one place where clients are built from settings, and where each
thing the program does to a portal is one call.

The window and the command line both call only this layer, so they behave the same: the same
OAuth server (forced when the user named one), the same CA bundle, the same refresh → persist →
retry rule with a reload of the stored pair when another process refreshed first. A new REST
operation is one method on :class:`Configurator` (or a step in :mod:`.onboarding`) plus how the
window and the CLI present it.
"""

from gui.core.application.configurator import (
    ClientSettings,
    Configurator,
    LoginResult,
    PortalSession,
    TokenKeeper,
)

__all__ = ["ClientSettings", "Configurator", "LoginResult", "PortalSession", "TokenKeeper"]
