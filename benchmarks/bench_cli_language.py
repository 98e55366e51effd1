"""What speaking Russian costs a command: ``validate`` on a bad profile with ``LANG=ru_RU.UTF-8``
vs ``LANG=C.UTF-8`` (English, no catalogue loaded).

Both run the same interpreter, the same profile and environment but for the language; runs
alternate (English, Russian, English, …) so machine noise hits both alike; the medians and their
ratio are printed. The Russian run reads the compiled catalogue and translates every line it
prints. Target: ratio ≤ 1.05 (the catalogue is read once, at start).

    .venv/bin/python benchmarks/bench_cli_language.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _environment(lang: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES}
    return {**env, "LANG": lang, "PYTHONPATH": str(ROOT)}


def _time(command: list[str], env: dict[str, str], expected: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 2 or expected not in done.stderr:
        raise SystemExit(f"unexpected run: exit {done.returncode}\n{done.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="b24cc-bench-") as folder:
        profile = Path(folder) / "bad.json"
        profile.write_text("{}", encoding="utf-8")
        command = [sys.executable, "-m", "gui", "validate", str(profile), "--no-render"]
        english = _environment("C.UTF-8")
        russian = _environment("ru_RU.UTF-8")
        _time(command, english, "errors")  # warm the file cache for both
        en_times, ru_times = [], []
        for _ in range(runs):
            en_times.append(_time(command, english, "errors"))
            ru_times.append(_time(command, russian, "ошибки"))
    en, ru = statistics.median(en_times), statistics.median(ru_times)
    print(f"validate, English: median {en * 1000:.1f} ms over {runs} runs")
    print(f"validate, Russian: median {ru * 1000:.1f} ms over {runs} runs")
    print(f"ratio Russian / English: {ru / en:.3f} (target ≤ 1.05)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
