"""The task runner: results by task id, cancelled results dropped, a bounded shutdown."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from gui.core.cancel import CancelToken
from gui.core.errors import InvalidInputError
from gui.qt.gui_thread_call import GuiThreadCall
from gui.qt.task_runner import TaskRunner


def test_results_carry_their_task_id(qtbot: QtBot) -> None:
    parent = QObject()
    runner = TaskRunner("test", parent)
    with qtbot.waitSignal(runner.succeeded, timeout=3000) as blocker:
        task_id = runner.submit(lambda _cancel: b"png bytes")
    assert blocker.args == [task_id, b"png bytes"]
    assert not runner.busy
    assert runner.shutdown(1.0)


def test_errors_are_reported_not_lost(qtbot: QtBot) -> None:
    parent = QObject()
    runner = TaskRunner("test", parent)

    def fails(_cancel: CancelToken) -> None:
        raise InvalidInputError("bad", code="BAD", field="ID")

    with qtbot.waitSignal(runner.failed, timeout=3000) as blocker:
        task_id = runner.submit(fails)
    assert blocker.args[0] == task_id
    assert isinstance(blocker.args[1], InvalidInputError) and blocker.args[1].field == "ID"
    assert runner.shutdown(1.0)


def test_a_cancelled_task_is_told_and_its_result_dropped(qtbot: QtBot) -> None:
    parent = QObject()
    runner = TaskRunner("test", parent)
    started = threading.Event()
    results: list[object] = []
    runner.succeeded.connect(lambda _id, result: results.append(result))

    def waits(cancel: CancelToken) -> str:
        started.set()
        cancel.wait(5)
        return "late"

    task_id = runner.submit(waits)
    assert started.wait(3)
    with qtbot.waitSignal(runner.busy_changed, timeout=1000) as blocker:
        runner.cancel(task_id)
    assert blocker.args == [False]
    qtbot.waitUntil(lambda: runner.active_threads() == 0, timeout=3000)
    qtbot.wait(20)
    assert results == []
    assert runner.shutdown(1.0)


def test_shutdown_drops_the_queue_and_runs_gui_calls_while_waiting(qtbot: QtBot) -> None:
    parent = QObject()
    runner = TaskRunner("test", parent)
    gui_call = GuiThreadCall(parent)
    stored: list[str] = []
    ran: list[str] = []
    started = threading.Event()

    def persists(_cancel: CancelToken) -> str:
        started.set()
        gui_call.run(lambda: stored.append("token"))  # blocks until the GUI thread runs it
        return "done"

    runner.submit(persists)
    runner.submit(lambda _cancel: ran.append("queued"))
    assert started.wait(3)
    # The worker now waits for the GUI thread, which is inside shutdown: drain must serve it.
    assert runner.shutdown(5.0, gui_call.drain)
    assert stored == ["token"]
    assert ran == []  # the queued task never started
