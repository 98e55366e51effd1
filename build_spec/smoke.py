"""Run a built executable through the integrator's first steps, on any OS (CI's Windows and macOS).

    .venv/bin/python build_spec/smoke.py dist/b24-connector-configurator/b24-connector-configurator

Checks, each with the frozen executable started from a temporary folder with no ``PYTHONPATH``:
``--version``; ``self-test`` (Qt offscreen, cairosvg, a real keyring backend); ``encode-icon`` on
the default connector icon; ``render-icon`` (the tile's pixels: the bundled cairo paints);
``token set`` / ``token show`` through the OS keyring; ``register`` against the sandbox portal
(served by this script over loopback HTTP) and what the sandbox received; ``token forget``; and
``--quit-after-first-paint`` offscreen; and ``validate`` on a bad profile with
``LANG=ru_RU.UTF-8`` prints Russian (the catalogues travel in the bundle). Exit 0 only when all
pass. On Linux the test suite's
``build_spec/test_frozen.py`` checks more (Secret Service, xcb, the environment of children).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gui.core.icon.tile import decode_png_rgba  # noqa: E402
from gui.sandbox import SandboxPortal, SandboxServer  # noqa: E402

ICON = ROOT / "resources" / "default_connector_icon.svg"


LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def frozen(
    executable: Path,
    *args: str,
    cwd: Path,
    stdin: str | None = None,
    lang: str = "C.UTF-8",
    expect: int = 0,
) -> subprocess.CompletedProcess[str]:
    """Run the executable with ``LANG=lang`` (and no other language variable); return what it
    did, or exit with its output when its exit status is not ``expect``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VIRTUAL_ENV")) and k not in LANGUAGE_VARIABLES
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["LANG"] = lang
    if lang != "C.UTF-8":  # Windows pipes use the ANSI code page, which may lack the language
        env["PYTHONUTF8"] = "1"
    result = subprocess.run(
        [str(executable), *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        encoding="utf-8",  # what the frozen program writes (UTF-8 mode on Windows, see above)
        errors="replace",
        timeout=120,
        check=False,
    )
    if result.returncode != expect:
        sys.exit(f"FAIL {' '.join(args)}: exit {result.returncode}\n{result.stdout}{result.stderr}")
    print(f"ok   {' '.join(args[:2])}")
    return result


def check(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"FAIL {what}")


def main(argv: list[str]) -> int:
    executable = Path(argv[0]).resolve()
    with tempfile.TemporaryDirectory(prefix="b24cc-smoke-") as scratch:
        work = Path(scratch)
        version = frozen(executable, "--version", cwd=work).stdout
        check("b24-connector-configurator" in version, "version")
        check(frozen(executable, "self-test", cwd=work).stdout.count("ok   ") == 3, "self-test")
        data_image = frozen(executable, "encode-icon", str(ICON), cwd=work).stdout.strip()
        check(data_image.startswith("data:image/svg+xml,"), "encode-icon")
        profile = work / "profile.json"
        profile.write_text(
            json.dumps(
                {
                    "ID": "smoke_test",
                    "NAME": "Smoke test",
                    "ICON": {"DATA_IMAGE": data_image, "COLOR": "#ff0000"},
                    "PLACEMENT_HANDLER": "https://acme.example/settings",
                }
            ),
            encoding="utf-8",
        )
        png = work / "tile.png"
        frozen(executable, "render-icon", str(profile), "--px", "64", "-o", str(png), cwd=work)
        width, height, pixels = decode_png_rgba(png.read_bytes())
        check((width, height) == (64, 64) and tuple(pixels[:4]) == (255, 0, 0, 255), "tile")
        portal = SandboxPortal()
        with SandboxServer(portal) as server:
            token = portal.mint_token(portal.create_app(), base_url=server.url)
            where = ["--portal", server.url]
            frozen(executable, "token", "set", *where, cwd=work, stdin=json.dumps(token))
            shown = frozen(executable, "token", "show", *where, cwd=work).stdout
            check(token["access_token"] not in shown, "token show masks the token")
            answer = frozen(executable, "register", str(profile), *where, cwd=work).stdout
            check(json.loads(answer) == {"ok": True}, f"register answered {answer}")
            [call] = portal.received.rest_calls("imconnector.register")
            check(call.params["ICON"]["DATA_IMAGE"] == data_image, "the icon as sent")
            frozen(executable, "token", "forget", *where, cwd=work)
        frozen(executable, "--quit-after-first-paint", cwd=work)
        bad = work / "bad.json"
        bad.write_text("{}", encoding="utf-8")
        russian = frozen(
            executable, "validate", str(bad), "--no-render", cwd=work, lang="ru_RU.UTF-8", expect=2
        )
        summary = russian.stderr.strip()
        check(summary == f"{bad}: 4 ошибки, 1 предупреждение", f"validate in Russian: {summary}")
        check("[NAME_REQUIRED]" in russian.stdout, "validate keeps its codes in Russian")
    print("all smoke checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
