"""The frozen bundle's size and start-up against the same program run from source.

Prints the onedir bundle's size (budget ≤ 160 MB) and the median wall time, start to exit, of
``--quit-after-first-paint`` (the window is shown, painted once, then the program quits), frozen
and from source (``python -m gui``), both offscreen, measured in alternating runs in one process
so that the machine's noise hits both alike; then the ratio frozen / source (budget ≤ 1.1).
With ``--onefile`` it also builds the onefile executable and reports its size and start time.

Run: ``.venv/bin/python -m benchmarks.bench_frozen [--runs N] [--bundle DIR] [--onefile]``.
Without ``--bundle`` it builds the onedir bundle (or reuses one built from the same sources, as
the smoke test does).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "build_spec"))

from frozen_bundle import clean_env, obtain_bundle  # noqa: E402
from pyinstaller_build import build, tree_size  # noqa: E402

SIZE_BUDGET_MB = 160
RATIO_BUDGET = 1.1


def wall_time(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Seconds from start to exit; fails loudly when the program does."""
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, timeout=120, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({result.returncode}): {result.stderr.decode()}")
    return elapsed


def measure(commands: dict[str, list[str]], runs: int, workdir: Path) -> dict[str, float]:
    """Median seconds per command over ``runs`` alternating runs, after one warm-up each."""
    env = clean_env(workdir, QT_QPA_PLATFORM="offscreen")
    source_env = {**env, "PYTHONPATH": str(ROOT)}  # only the source run sees the checkout
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(runs + 1):
        for name, command in commands.items():
            seconds = wall_time(command, workdir, source_env if name == "source" else env)
            if round_number:  # the first round only warms the page cache
                times[name].append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs per program")
    parser.add_argument("--bundle", type=Path, help="an existing onedir bundle folder")
    parser.add_argument("--onefile", action="store_true", help="also build and time onefile")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-frozen-") as scratch:
        workdir = Path(scratch)
        if args.bundle:
            folder = args.bundle.resolve()
            frozen = folder / "b24-connector-configurator"
        else:
            bundle = obtain_bundle(workdir / "build")
            folder, frozen = bundle.folder, bundle.console
        size_mb = tree_size(folder) / 1e6
        print(f"onedir bundle: {folder}")
        print(f"  size {size_mb:.1f} MB (budget ≤ {SIZE_BUDGET_MB} MB)")
        commands = {
            "frozen": [str(frozen), "--quit-after-first-paint"],
            "source": [sys.executable, "-m", "gui", "--quit-after-first-paint"],
        }
        if args.onefile:
            started = time.monotonic()
            onefile = build(
                onefile=True, distpath=workdir / "onefile", workpath=workdir / "w1", clean=False
            )["console"]
            print(
                f"onefile: built in {time.monotonic() - started:.0f} s, "
                f"{tree_size(onefile) / 1e6:.1f} MB"
            )
            commands["onefile"] = [str(onefile), "--quit-after-first-paint"]
        medians = measure(commands, args.runs, workdir)
    print(f"time to first paint, then quit (median of {args.runs} alternating runs, offscreen):")
    for name, seconds in medians.items():
        print(f"  {name:<7} {seconds:.3f} s")
    ratio = medians["frozen"] / medians["source"]
    print(f"  frozen / source = {ratio:.2f} (budget ≤ {RATIO_BUDGET})")
    within = size_mb <= SIZE_BUDGET_MB and ratio <= RATIO_BUDGET
    print("within budget" if within else "OVER BUDGET")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
