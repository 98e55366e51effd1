"""What ``build_spec/build.py`` (the one documented build command) does, importable by tests.

    .venv/bin/python build_spec/build.py             # onedir: dist/b24-connector-configurator/
    .venv/bin/python build_spec/build.py --onefile   # onefile: dist/onefile/

(Not named ``build``: that would clash with the ``build/`` output folder for import sorting.)
Runs PyInstaller on ``build_spec/b24cc.spec`` with this Python (so it uses the project's venv),
after checking that the app icons in ``resources/`` match their SVG. Prints where the bundle is
and its size. Works from any current directory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "b24cc.spec"
BUNDLE_NAME = "b24-connector-configurator"
WINDOWED_NAME = "B24ConnectorConfigurator"


def tree_size(path: Path) -> int:
    """Bytes in a file or a folder tree (symlinks counted once, as links)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executables(dist: Path, *, onefile: bool) -> dict[str, Path]:
    """The console and windowed executables a build into ``dist`` produces."""
    suffix = ".exe" if sys.platform == "win32" else ""
    folder = dist if onefile else dist / BUNDLE_NAME
    return {
        "console": folder / f"{BUNDLE_NAME}{suffix}",
        "windowed": folder / f"{WINDOWED_NAME}{suffix}",
    }


def build(
    *, onefile: bool, distpath: Path, workpath: Path, clean: bool, spec_args: tuple[str, ...] = ()
) -> dict[str, Path]:
    """Run PyInstaller; return the executables. Raises CalledProcessError when it fails.

    ``spec_args`` go to the spec after ``--`` (macOS signing options).
    """
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(distpath),
        "--workpath",
        str(workpath),
        *(["--clean"] if clean else []),
        str(SPEC),
        "--",
        *(["--onefile"] if onefile else []),
        *spec_args,
    ]
    # The message catalogues are compiled from their .po sources (never committed as .mo).
    subprocess.run([sys.executable, str(ROOT / "scripts" / "messages.py"), "compile"], check=True)
    subprocess.run(command, check=True, cwd=ROOT)
    return executables(distpath, onefile=onefile)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the executable with PyInstaller.")
    parser.add_argument("--onefile", action="store_true", help="a single file (slower start)")
    parser.add_argument("--distpath", type=Path, help="output folder (default dist/)")
    parser.add_argument("--workpath", type=Path, help="PyInstaller's work folder (default build/)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    parser.add_argument("--codesign-identity", help="macOS: sign with this identity")
    parser.add_argument("--entitlements-file", type=Path, help="macOS: hardened-runtime plist")
    args = parser.parse_args(argv)
    spec_args: list[str] = []
    if args.codesign_identity:
        spec_args += ["--codesign-identity", args.codesign_identity]
    if args.entitlements_file:
        spec_args += ["--entitlements-file", str(args.entitlements_file.resolve())]
    sys.path.insert(0, str(HERE))
    from make_icons import main as make_icons

    if make_icons(["--check"]) != 0:
        return 1
    distpath = (args.distpath or ROOT / "dist").resolve()
    if args.onefile and args.distpath is None:
        distpath = distpath / "onefile"  # beside, not over, the onedir bundle
    workpath = (args.workpath or ROOT / "build").resolve()
    started = time.monotonic()
    try:
        built = build(
            onefile=args.onefile,
            distpath=distpath,
            workpath=workpath,
            clean=args.clean,
            spec_args=tuple(spec_args),
        )
    except subprocess.CalledProcessError as exc:
        print(f"PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    target = built["console"] if args.onefile else built["console"].parent
    size = tree_size(built["console"]) if args.onefile else tree_size(target)
    print(f"built {target} in {seconds:.0f} s: {size / 1e6:.1f} MB")
    for kind, path in built.items():
        print(f"  {kind}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
