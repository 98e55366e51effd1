"""Our runtime hook: runs first in the frozen program, before PyInstaller's own hooks.

1. Records the user's ``QT_PLUGIN_PATH``, ``PATH``... before PyInstaller's Qt hook points them
   into the bundle, so that child processes (the browser) get them back
   (:mod:`gui.core.child_env`).
2. When ``B24CC_FROZEN_REPORT`` names a file, writes a JSON report there at exit: where the
   frozen process found its code (``sys.path``, ``gui.__file__``, every loaded module outside
   the bundle) and the environment it would give a child. The smoke test
   (``build_spec/test_frozen.py``) uses it to prove the bundle runs without the source tree; it
   holds no secrets (only paths and the library-path variables).
"""


def _b24cc_rthook() -> None:
    import os

    from gui.core.child_env import remember_original_environment

    remember_original_environment()
    report_path = os.environ.pop("B24CC_FROZEN_REPORT", None)
    if report_path:
        import atexit

        atexit.register(_b24cc_write_report, report_path)


def _b24cc_write_report(report_path: str) -> None:
    import json
    import os
    import sys
    from pathlib import Path

    from gui.core.child_env import child_process_env

    bundle = Path(getattr(sys, "_MEIPASS", "")).resolve()

    def outside(location: str) -> bool:
        # Relative names belong to modules frozen into the bootloader or the archive.
        path = Path(location)
        return path.is_absolute() and not path.resolve().is_relative_to(bundle)

    loaded = {name: getattr(module, "__file__", None) for name, module in list(sys.modules.items())}
    names = ("LD_LIBRARY_PATH", "QT_PLUGIN_PATH", "QML2_IMPORT_PATH", "DYLD_LIBRARY_PATH", "PATH")
    child = child_process_env()
    bookkeeping = ("_PYI_", "_MEIPASS", "B24CC_")
    report = {
        "frozen": bool(getattr(sys, "frozen", False)),
        "bundle": str(bundle),
        "executable": sys.executable,
        "sys_path": sys.path,
        "gui_file": loaded.get("gui"),
        "modules_outside_bundle": {n: f for n, f in loaded.items() if f and outside(f)},
        "environ": {name: os.environ.get(name) for name in names},
        "environ_bookkeeping": sorted(
            n for n in os.environ if n.startswith(bookkeeping) or n.endswith("_ORIG")
        ),
        "child_env": {name: child.get(name) for name in names},
        "child_env_bookkeeping": sorted(
            n for n in child if n.startswith(bookkeeping) or n.endswith("_ORIG")
        ),
    }
    Path(report_path).write_text(json.dumps(report, indent=1), encoding="utf-8")


_b24cc_rthook()
