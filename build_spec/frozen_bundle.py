"""Build the onedir bundle once per test session and run its executables in a clean environment.

Used by ``test_frozen.py`` and ``benchmarks/bench_frozen.py``. A local run reuses a bundle built
from exactly the same sources and installed packages (``build/frozen-test/<hash>/``, the hash of
everything that goes into the bundle); CI (``CI`` set, as on GitHub Actions) or
``B24CC_FROZEN_REBUILD=1`` always builds afresh.

A frozen run gets no ``PYTHONPATH``/``PYTHONHOME``/virtualenv, a ``PATH`` without the checkout,
a working directory outside the checkout and throwaway XDG folders, and reports (through our
runtime hook's ``B24CC_FROZEN_REPORT``) where it found its code, so tests can prove the source
tree played no part.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyinstaller_build import BUNDLE_NAME, HERE, ROOT, build, executables, tree_size

CACHE = ROOT / "build" / "frozen-test"
CACHE_MAX_AGE_S = 6 * 3600
# What may reach the frozen program from the test's environment (the session bus for keyring;
# every variable that chooses the language, so a suite pinned to English stays English).
PASSED_VARIABLES = (
    "HOME",
    "DBUS_SESSION_BUS_ADDRESS",
    "XDG_RUNTIME_DIR",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "TMPDIR",
)


@dataclass(frozen=True)
class Bundle:
    """A built onedir bundle: its folder, executables, size and how it was obtained."""

    folder: Path
    console: Path
    windowed: Path
    reused: bool
    build_seconds: float

    @property
    def size_mb(self) -> float:
        return tree_size(self.folder) / 1e6


@dataclass(frozen=True)
class FrozenRun:
    """What a frozen process did: exit status, output and its runtime hook's report."""

    returncode: int
    stdout: str
    stderr: str
    report: dict[str, Any]

    def explain(self) -> str:
        return f"exit {self.returncode}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"


def source_hash() -> str:
    """A hash of everything that decides the bundle's content."""
    digest = hashlib.sha256(sys.version.encode())
    files = [
        *sorted(HERE.glob("*.spec")),
        HERE / "entry.py",
        HERE / "pyinstaller_build.py",
        *sorted((HERE / "rthooks").glob("*.py")),
        *sorted((ROOT / "gui").rglob("*.py")),
        # the message catalogues: compiled into the bundle, so a new translation is a new bundle
        *sorted((ROOT / "gui" / "locale").rglob("*.po")),
        *sorted(p for p in (ROOT / "resources").rglob("*") if p.is_file()),
    ]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()[:20]


def must_rebuild() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("B24CC_FROZEN_REBUILD"))


def _bundle(folder: Path, *, reused: bool, seconds: float) -> Bundle:
    built = executables(folder.parent, onefile=False)
    return Bundle(folder, built["console"], built["windowed"], reused, seconds)


def obtain_bundle(fresh_dir: Path) -> Bundle:
    """The onedir bundle: reused from the cache when allowed, else built (into ``fresh_dir``
    in CI, into the cache otherwise)."""
    if must_rebuild():
        started = time.monotonic()
        build(onefile=False, distpath=fresh_dir / "dist", workpath=fresh_dir / "work", clean=True)
        return _bundle(fresh_dir / "dist" / BUNDLE_NAME, reused=False, seconds=_since(started))
    target = CACHE / source_hash() / BUNDLE_NAME
    if (target / ".complete").exists():
        return _bundle(target, reused=True, seconds=0.0)
    _prune_cache()
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(dir=CACHE, prefix=".building-") as scratch:
        dist = Path(scratch) / "dist"
        build(onefile=False, distpath=dist, workpath=Path(scratch) / "work", clean=False)
        (dist / BUNDLE_NAME / ".complete").write_text("ok\n", encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            (dist / BUNDLE_NAME).rename(target)
        except OSError:
            if not (target / ".complete").exists():  # not a concurrent run that won the race
                raise
    return _bundle(target, reused=False, seconds=_since(started))


def _since(started: float) -> float:
    return time.monotonic() - started


def _prune_cache() -> None:
    """Delete cached bundles (and abandoned builds) untouched for CACHE_MAX_AGE_S."""
    if not CACHE.exists():
        return
    for entry in CACHE.iterdir():
        if time.time() - entry.stat().st_mtime > CACHE_MAX_AGE_S:
            shutil.rmtree(entry, ignore_errors=True)


def clean_env(workdir: Path, **extra: str) -> dict[str, str]:
    """A minimal environment: nothing that points at Python or the checkout, no display."""
    env = {name: os.environ[name] for name in PASSED_VARIABLES if name in os.environ}
    env["PATH"] = os.pathsep.join(
        entry
        for entry in os.environ.get("PATH", os.defpath).split(os.pathsep)
        if entry and not Path(entry).resolve().is_relative_to(ROOT)
    )
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        folder = workdir / name.lower()
        folder.mkdir(exist_ok=True)
        env[name] = str(folder)
    env.update(extra)
    return env


def run_frozen(
    executable: Path,
    args: list[str],
    workdir: Path,
    *,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> FrozenRun:
    """Run a frozen executable from ``workdir`` with :func:`clean_env` (plus ``env``)."""
    import subprocess

    report_path = workdir / f"report-{time.monotonic_ns()}.json"
    full_env = clean_env(workdir, **(env or {}), B24CC_FROZEN_REPORT=str(report_path))
    result = subprocess.run(
        [str(executable), *args],
        cwd=workdir,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    return FrozenRun(result.returncode, result.stdout, result.stderr, report)
