"""What to do when there is no usable OS keyring: the exact steps for the OS this runs on.

Shown in every keyring error, by ``self-test`` and (the same words) in the README's "When there
is no keyring". The local sandbox needs none of it: its throwaway token is held in memory.
"""

from __future__ import annotations

import sys

LINUX = (
    "On Linux the token goes to a Secret Service. Install GNOME Keyring (Debian/Ubuntu: "
    "`sudo apt-get install gnome-keyring dbus-x11`; Fedora: `sudo dnf install gnome-keyring`) "
    "or use KDE's KWallet, and log in to a desktop session, which starts it. With no desktop "
    "(a container, WSL, SSH), start the program inside its own session bus with an unlocked "
    "keyring: `dbus-run-session -- sh -c \"echo -n 'a-password' | gnome-keyring-daemon --unlock "
    '--components=secrets; b24-connector-configurator"`.'
)
MACOS = (
    "On macOS the token goes to the Keychain, which is built in: unlock your login keychain "
    "(Keychain Access) and allow the program when macOS asks."
)
WINDOWS = (
    "On Windows the token goes to the Credential Manager, which is built in: run the program "
    "as a signed-in user (not a service account)."
)
NEVER_A_FILE = (
    "Tokens are never written to a plain file instead. The window's local sandbox needs no keyring."
)


def keyring_setup_help(platform: str = sys.platform) -> str:
    """The steps that give ``platform`` (``sys.platform``'s values) a usable keyring."""
    if platform == "darwin":
        steps = MACOS
    elif platform.startswith(("win", "cygwin", "msys")):
        steps = WINDOWS
    else:
        steps = LINUX
    return f"{steps} {NEVER_A_FILE}"
