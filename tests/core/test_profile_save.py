"""Saving a profile loses nothing a user would notice: unknown objects exactly as read, the file's
mode, a symbolic link, and no ``.NAME.*.tmp`` litter even after a kill mid-save (real files, a
real subprocess killed with SIGKILL)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gui.core.model.atomic_write import write_text_atomically
from gui.core.model.connector import Connector, load_profile, save_profile

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 20

PROFILE = {
    "ID": "acme_chat",
    "NAME": "Acme",
    "ICON": {"DATA_IMAGE": "data:image/svg+xml,x", "vendorHint": {"mixedCase": 1, "MIXEDCASE": 2}},
    "PLACEMENT_HANDLER": "https://acme.example/settings",
    "x_vendor": {"camelKey": [{"deeper": "a"}], "Case": 1, "case": 2},
    "Other": 3,
    "OTHER": 4,
}


def temporaries(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".tmp"))


def load_profile_from(folder: Path) -> Connector:
    source = folder / "source.json"
    source.write_text(json.dumps(PROFILE), encoding="utf-8")
    return load_profile(source)


def test_unknown_objects_are_saved_exactly_as_read(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE), encoding="utf-8")
    save_profile(path, load_profile(path))
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["x_vendor"] == {"camelKey": [{"deeper": "a"}], "Case": 1, "case": 2}
    assert (saved["Other"], saved["OTHER"]) == (3, 4)  # keys differing in case both kept
    assert saved["ICON"]["vendorHint"] == {"mixedCase": 1, "MIXEDCASE": 2}
    assert "X_VENDOR" not in saved


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o640])
def test_saving_keeps_the_files_mode(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE), encoding="utf-8")
    path.chmod(mode)
    save_profile(path, load_profile(path))
    assert path.stat().st_mode & 0o777 == mode


def test_a_new_profile_follows_the_umask_like_any_document(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        save_profile(tmp_path / "new.json", load_profile_from(tmp_path))
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644


def test_saving_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real" / "profile.json"
    target.parent.mkdir()
    target.write_text(json.dumps(PROFILE), encoding="utf-8")
    target.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    connector = load_profile(link).with_value("NAME", "Changed")
    save_profile(link, connector)
    assert link.is_symlink() and link.resolve() == target
    assert json.loads(target.read_text(encoding="utf-8"))["NAME"] == "Changed"
    assert target.stat().st_mode & 0o777 == 0o644
    assert temporaries(tmp_path) == [] and temporaries(target.parent) == []


SAVER = """
import sys
from pathlib import Path
from gui.core.model.atomic_write import write_text_atomically
path = Path(sys.argv[1])
text = '{"ID": "acme_chat", "NAME": "' + 'x' * 4_000_000 + '"}\\n'
print("saving", flush=True)
while True:
    write_text_atomically(path, text, new_file_mode=0o666)
"""


def test_a_kill_mid_save_leaves_the_old_file_and_the_next_save_cleans_up(tmp_path: Path) -> None:
    """20 rounds: a process saving a 4 MB file in a loop is SIGKILLed at a random moment. The
    file is always whole; whatever temporary file the kill left is gone after the next save."""
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE), encoding="utf-8")
    left_by_kills = 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for round_number in range(ROUNDS):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, env=env
        )
        try:
            assert saver.stdout is not None and saver.stdout.readline() == b"saving\n"
            time.sleep(0.05 + (round_number % 5) * 0.03)
        finally:
            saver.send_signal(signal.SIGKILL)
            saver.wait(timeout=30)
            if saver.stdout is not None:
                saver.stdout.close()
        json.loads(path.read_text(encoding="utf-8"))  # the old or the new file, never half
        left_by_kills += len(temporaries(tmp_path))
        write_text_atomically(path, json.dumps(PROFILE))
        assert temporaries(tmp_path) == [], f"round {round_number}"
    print(f"temporary files left by {ROUNDS} kills: {left_by_kills}; after the next save: 0")


def test_a_living_writers_temporary_file_is_not_touched(tmp_path: Path) -> None:
    """Cleaning up never deletes the temporary file of a save running in another process."""
    path = tmp_path / "profile.json"
    path.write_text("{}", encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            "f = open(sys.argv[1], 'w'); fcntl.flock(f, fcntl.LOCK_EX)\n"
            "print('held', flush=True); time.sleep(60)",
            str(tmp_path / ".profile.json.alive.tmp"),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        (tmp_path / ".profile.json.dead.tmp").write_text("half")
        write_text_atomically(path, "{}")
        assert temporaries(tmp_path) == [".profile.json.alive.tmp"]
    finally:
        holder.kill()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
