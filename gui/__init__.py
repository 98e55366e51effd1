"""B24 Connector Configurator: register a Bitrix24 Open Channels connector carefully.

The import package is deliberately tiny: ``gui.core`` holds every rule (no Qt), ``gui.qt`` the
window, ``gui.cli`` the same core from a terminal. Importing ``gui`` itself imports nothing heavy,
so ``python -m gui`` can put a window on screen before requests, keyring and cairosvg load.
"""

__version__ = "0.1.0"
