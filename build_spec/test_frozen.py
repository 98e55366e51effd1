"""The frozen program works: built with the spec, run without the source tree (marker ``frozen``).

Every run goes through :func:`frozen_bundle.run_frozen`: a clean environment, a working folder
outside the checkout, and our runtime hook's report proving the code came from the bundle. The
checks are what an integrator does first: ``--version``, ``self-test`` (Qt offscreen, cairosvg,
the real Secret Service), an icon rendered by the bundle's cairo, a token stored and read back
through the keyring, a registration against the TLS sandbox, a login whose browser gets the
user's environment, and the window's first paint.
Run under ``bash scripts/dev.sh test`` (a session bus with gnome-keyring, DISPLAY unset).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from frozen_bundle import Bundle, FrozenRun, run_frozen
from pyinstaller_build import ROOT

from gui import __version__
from gui.cli import COMMANDS
from gui.core.auth.tokens import SERVICE
from gui.core.icon.tile import decode_png_rgba
from tests.fixtures_sandbox import RunningSandbox

pytestmark = pytest.mark.frozen

BUDGET_MB = 160
SAMPLE_ICON = ROOT / "resources" / "default_connector_icon.svg"


def assert_ran_from_bundle(run: FrozenRun, bundle: Bundle) -> None:
    """The process was frozen and found all its code inside the bundle, none in the checkout."""
    report = run.report
    assert report, f"the runtime hook wrote no report\n{run.explain()}"
    assert report["frozen"] is True
    inside = bundle.folder.resolve()
    assert Path(report["bundle"]).is_relative_to(inside)
    assert Path(report["gui_file"]).resolve().is_relative_to(inside), report["gui_file"]
    for entry in report["sys_path"]:
        assert Path(entry).resolve().is_relative_to(inside), f"sys.path has {entry}"
    assert report["modules_outside_bundle"] == {}


def from_source(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The same command run from the checkout, for side-by-side comparisons."""
    return subprocess.run(
        [sys.executable, "-m", "gui", *args],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_bundle_is_trimmed_and_within_budget(frozen_bundle: Bundle) -> None:
    internal = frozen_bundle.folder / "_internal"
    plugins = internal / "PySide6" / "Qt" / "plugins"
    print(f"onedir bundle: {frozen_bundle.size_mb:.1f} MB (budget {BUDGET_MB} MB)")
    assert frozen_bundle.size_mb <= BUDGET_MB
    assert {p.name for p in (plugins / "platforms").iterdir()} == {
        "libqoffscreen.so",
        "libqxcb.so",
    }
    assert {p.name for p in (plugins / "imageformats").iterdir()} == {"libqsvg.so"}
    assert {p.name for p in (plugins / "iconengines").iterdir()} == {"libqsvgicon.so"}
    assert not (plugins / "platformthemes" / "libqgtk3.so").exists()
    # Qt's own translations: only qtbase (and its qt_ meta-catalogue) of the program's languages.
    translations = internal / "PySide6" / "Qt" / "translations"
    kept = {p.name for p in translations.iterdir()}
    assert kept and all(name.split("_", 1)[0] in {"qt", "qtbase"} for name in kept)
    assert "qtbase_ru.qm" in kept
    names = {p.name for p in internal.rglob("*")}
    assert "libcairo.so.2" in names  # cairocffi dlopen()s it: kept although nothing links it
    assert not names & {"setuptools", "pkg_resources", "libgtk-3.so.0", "_tkinter"}
    entry_points = next(internal.glob("keyring-*.dist-info")) / "entry_points.txt"
    assert "SecretService" in entry_points.read_text(encoding="utf-8")


def test_version_from_both_executables(frozen_bundle: Bundle, workdir: Path) -> None:
    for executable in (frozen_bundle.console, frozen_bundle.windowed):
        run = run_frozen(executable, ["--version"], workdir)
        assert run.returncode == 0, run.explain()
        assert run.stdout.strip() == f"b24-connector-configurator {__version__}"
        assert_ran_from_bundle(run, frozen_bundle)


def test_every_command_module_is_in_the_bundle(frozen_bundle: Bundle, workdir: Path) -> None:
    # --help builds the parser, which imports every command module by name (hidden imports).
    run = run_frozen(frozen_bundle.console, ["--help"], workdir)
    assert run.returncode == 0, run.explain()
    listed = {line.split()[0] for line in run.stdout.splitlines() if line.startswith("    ")}
    assert set(COMMANDS) <= listed
    assert_ran_from_bundle(run, frozen_bundle)


def test_self_test_with_qt_offscreen_cairo_and_the_secret_service(
    frozen_bundle: Bundle, workdir: Path
) -> None:
    # No DISPLAY and no QT_QPA_PLATFORM: self-test itself falls back to offscreen.
    run = run_frozen(frozen_bundle.console, ["self-test"], workdir)
    assert run.returncode == 0, run.explain()
    lines = run.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["ok   qt", "ok   cairosvg", "ok   keyring"]
    assert "(platform offscreen)" in lines[0]
    assert lines[2].endswith("keyring.backends.SecretService.Keyring")
    assert_ran_from_bundle(run, frozen_bundle)


def test_xcb_platform_loads_from_the_bundle_under_xvfb(
    frozen_bundle: Bundle, workdir: Path
) -> None:
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run, "xvfb-run is missing: apt-get install xvfb xauth (scripts/dev.sh does)"
    run = run_frozen(
        Path(xvfb_run),
        ["-a", str(frozen_bundle.console), "self-test"],
        workdir,
        env={"QT_QPA_PLATFORM": "xcb"},
    )
    assert run.returncode == 0, run.explain()
    assert "(platform xcb)" in run.stdout.splitlines()[0]
    assert_ran_from_bundle(run, frozen_bundle)


def test_child_processes_get_the_users_environment_back(
    frozen_bundle: Bundle, workdir: Path
) -> None:
    user = {"LD_LIBRARY_PATH": "/opt/user/lib", "QT_PLUGIN_PATH": "/opt/user/qt-plugins"}
    run = run_frozen(frozen_bundle.console, ["--version"], workdir, env=user)
    assert run.returncode == 0, run.explain()
    bundle = run.report["bundle"]
    # The bundle really changed them for itself...
    assert run.report["environ"]["LD_LIBRARY_PATH"].split(":")[0] == bundle
    assert run.report["environ"]["QT_PLUGIN_PATH"].startswith(bundle)
    # ...and a child gets the user's values back, and nothing of PyInstaller's bookkeeping.
    assert run.report["child_env"]["LD_LIBRARY_PATH"] == "/opt/user/lib"
    assert run.report["child_env"]["QT_PLUGIN_PATH"] == "/opt/user/qt-plugins"
    assert run.report["child_env"]["QML2_IMPORT_PATH"] is None
    assert run.report["child_env_bookkeeping"] == []
    run = run_frozen(frozen_bundle.console, ["--version"], workdir)
    assert run.report["environ"]["LD_LIBRARY_PATH"] == bundle
    assert run.report["child_env"]["LD_LIBRARY_PATH"] is None


def test_encode_icon_matches_the_source_program(frozen_bundle: Bundle, workdir: Path) -> None:
    run = run_frozen(frozen_bundle.console, ["encode-icon", str(SAMPLE_ICON)], workdir)
    assert run.returncode == 0, run.explain()
    source = from_source("encode-icon", str(SAMPLE_ICON), cwd=workdir)
    assert source.returncode == 0, source.stderr
    assert run.stdout.startswith("data:image/svg+xml,")
    assert run.stdout == source.stdout
    assert_ran_from_bundle(run, frozen_bundle)


def write_profile(folder: Path, data_image: str, color: str) -> Path:
    profile = {
        "ID": "frozen_smoke",
        "NAME": "Frozen smoke test",
        "ICON": {"DATA_IMAGE": data_image, "COLOR": color, "SIZE": "100%", "POSITION": "center"},
        "PLACEMENT_HANDLER": "https://acme.example/settings",
    }
    path = folder / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    return path


def encoded_sample_icon(bundle: Bundle, workdir: Path) -> str:
    run = run_frozen(bundle.console, ["encode-icon", str(SAMPLE_ICON)], workdir)
    assert run.returncode == 0, run.explain()
    return run.stdout.strip()


def test_render_icon_paints_with_the_bundled_cairo(frozen_bundle: Bundle, workdir: Path) -> None:
    profile = write_profile(workdir, encoded_sample_icon(frozen_bundle, workdir), "#ff0000")
    frozen_png, source_png = workdir / "frozen.png", workdir / "source.png"
    args = ["render-icon", str(profile), "--px", "64"]
    run = run_frozen(frozen_bundle.console, [*args, "-o", str(frozen_png)], workdir)
    assert run.returncode == 0, run.explain()
    assert_ran_from_bundle(run, frozen_bundle)
    source = from_source(*args, "-o", str(source_png), cwd=workdir)
    assert source.returncode == 0, source.stderr
    width, height, pixels = decode_png_rgba(frozen_png.read_bytes())
    assert (width, height) == (64, 64)
    assert tuple(pixels[0:4]) == (255, 0, 0, 255)  # the square tile's COLOR in the corner
    assert len({bytes(pixels[i : i + 4]) for i in range(0, len(pixels), 4)}) > 2  # the icon
    assert decode_png_rgba(source_png.read_bytes()) == (width, height, pixels)


def test_token_through_the_secret_service_and_register_on_the_tls_sandbox(
    frozen_bundle: Bundle, workdir: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    token = tls_sandbox.ready_token()
    portal = ["--portal", tls_sandbox.url]
    tls = {"REQUESTS_CA_BUNDLE": str(tls_sandbox.ca_bundle)}

    stored = run_frozen(
        frozen_bundle.console, ["token", "set", *portal], workdir, stdin=json.dumps(token)
    )
    assert stored.returncode == 0, stored.explain()
    # The source side reads what the frozen program wrote, straight from the Secret Service.
    host_key = tls_sandbox.url.split("://", 1)[1].rstrip("/")
    saved = json.loads(secret_service_keyring.get_password(SERVICE, host_key))
    assert saved["access_token"] == token["access_token"]

    shown = run_frozen(frozen_bundle.console, ["token", "show", *portal], workdir)
    assert shown.returncode == 0, shown.explain()
    assert json.loads(shown.stdout)["client_id"] == token["client_id"]
    assert token["access_token"] not in shown.stdout
    assert token["refresh_token"] not in shown.stdout

    data_image = encoded_sample_icon(frozen_bundle, workdir)
    profile = write_profile(workdir, data_image, "#90be00")
    args = ["register", str(profile), *portal, "--oauth-server", tls_sandbox.oauth_server]
    registered = run_frozen(frozen_bundle.console, args, workdir, env=tls)
    assert registered.returncode == 0, registered.explain()
    outcome = json.loads(registered.stdout)
    assert (outcome["ok"], outcome["id"], outcome["portal"]) == (True, "frozen_smoke", host_key)
    assert_ran_from_bundle(registered, frozen_bundle)
    [call] = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert call.auth == token["access_token"]
    assert not call.auth_in_url
    assert call.params["ID"] == "frozen_smoke"
    assert call.params["ICON"]["DATA_IMAGE"] == data_image


def test_window_first_paint_offscreen(frozen_bundle: Bundle, workdir: Path) -> None:
    for executable in (frozen_bundle.windowed, frozen_bundle.console):
        run = run_frozen(
            executable,
            ["--quit-after-first-paint"],
            workdir,
            env={"QT_QPA_PLATFORM": "offscreen"},
            timeout=60,
        )
        assert run.returncode == 0, run.explain()
        assert_ran_from_bundle(run, frozen_bundle)


def fake_browser(folder: Path, ca_bundle: Path) -> Path:
    """A "browser" that records its environment, then follows the authorize URL like a user who
    approves: the portal redirects to the frozen program's loopback listener."""
    script = folder / "fake-browser"
    seen = folder / "browser-saw.json"
    script.write_text(
        f"#!{sys.executable} -I\n"
        "import json, os, ssl, sys, urllib.request\n"
        "names = ('LD_LIBRARY_PATH', 'QT_PLUGIN_PATH', 'QML2_IMPORT_PATH', '_PYI_ARCHIVE_FILE')\n"
        "saw = {name: os.environ.get(name) for name in names}\n"
        f"open({str(seen)!r}, 'w').write(json.dumps(dict(saw, url=sys.argv[1])))\n"
        f"context = ssl.create_default_context(cafile={str(ca_bundle)!r})\n"
        "urllib.request.urlopen(sys.argv[1], context=context, timeout=30).read()\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return seen


def test_login_opens_the_browser_with_the_users_environment(
    frozen_bundle: Bundle, workdir: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    assert tls_sandbox.ca_bundle is not None
    seen = fake_browser(workdir, tls_sandbox.ca_bundle)
    app = tls_sandbox.app
    user = {"LD_LIBRARY_PATH": "/opt/user/lib", "QT_PLUGIN_PATH": "/opt/user/qt-plugins"}
    args = ["login", "--portal", tls_sandbox.url, "--oauth-server", tls_sandbox.oauth_server]
    args += ["--client-id", app.client_id, "--client-secret", app.client_secret, "--timeout", "60"]
    env = {
        **user,
        "BROWSER": str(workdir / "fake-browser"),
        "REQUESTS_CA_BUNDLE": str(tls_sandbox.ca_bundle),
    }
    run = run_frozen(frozen_bundle.console, args, workdir, stdin="", env=env)
    assert run.returncode == 0, run.explain()
    saw = json.loads(seen.read_text(encoding="utf-8"))
    assert saw.pop("url").startswith(f"{tls_sandbox.url}/oauth/authorize/?")
    assert saw == {**user, "QML2_IMPORT_PATH": None, "_PYI_ARCHIVE_FILE": None}
    host_key = tls_sandbox.url.split("://", 1)[1]
    stored = json.loads(secret_service_keyring.get_password(SERVICE, host_key))
    assert stored["client_id"] == app.client_id
    assert [r.kind for r in tls_sandbox.portal.received] == ["oauth_authorize", "oauth_token"]
