"""The login's redirect handling: pasted answers, the loopback listener, waiting."""

from __future__ import annotations

import io
import itertools
import queue

import pytest
import requests

from gui.core.auth.login import (
    CALLBACK_PATH,
    AuthorizationResponse,
    LoopbackListener,
    new_state,
    parse_pasted,
    start_paste_reader,
    wait_for_authorization,
)
from gui.core.cancel import CancelToken
from gui.core.errors import AuthError, InvalidInputError, OperationCancelled

STATE = "expected-state-value"
CODE = "a1b2c3d4e5f6code"
REDIRECT = (
    f"https://app.example/cb?code={CODE}&state={STATE}&domain=portal.bitrix24.com"
    "&member_id=m42&scope=imopenlines%2Cimconnector&server_domain=oauth.bitrix.info"
)


def test_states_are_long_and_unique() -> None:
    states = {new_state() for _ in range(50)}

    assert len(states) == 50
    assert all(len(state) >= 32 for state in states)


def test_pasted_redirect_url_gives_code_and_portal_details() -> None:
    answer = parse_pasted(f"  {REDIRECT}\n", STATE)

    assert answer == AuthorizationResponse(
        code=CODE,
        state=STATE,
        domain="portal.bitrix24.com",
        member_id="m42",
        scope="imopenlines,imconnector",
        server_domain="oauth.bitrix.info",
    )
    assert CODE not in repr(answer)


def test_pasted_query_string_alone_is_accepted() -> None:
    assert parse_pasted(f"?code={CODE}&state={STATE}", STATE).code == CODE


def test_a_bare_code_is_accepted_without_state() -> None:
    assert parse_pasted(CODE, STATE) == AuthorizationResponse(code=CODE)


@pytest.mark.parametrize(
    "pasted",
    [
        REDIRECT.replace(STATE, "someone-elses-state"),
        REDIRECT.replace(f"&state={STATE}", ""),
    ],
    ids=["other-state", "no-state"],
)
def test_a_url_with_the_wrong_or_no_state_is_refused(pasted: str) -> None:
    with pytest.raises(AuthError) as caught:
        parse_pasted(pasted, STATE)

    assert caught.value.code == "STATE_MISMATCH"
    assert CODE not in caught.value.message


def test_an_error_redirect_is_reported() -> None:
    with pytest.raises(AuthError) as caught:
        parse_pasted(f"https://app.example/cb?error=access_denied&state={STATE}", STATE)

    assert caught.value.code == "access_denied"


@pytest.mark.parametrize(
    "pasted", ["", "   ", "not a code!", "short", f"https://app.example/cb?state={STATE}"]
)
def test_unusable_pastes_are_invalid_input(pasted: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_pasted(pasted, STATE)


def test_listener_binds_loopback_only_and_captures_the_redirect() -> None:
    with LoopbackListener(STATE) as listener:
        assert listener.redirect_uri == f"http://127.0.0.1:{listener.port}{CALLBACK_PATH}"
        page = requests.get(
            f"{listener.redirect_uri}?code={CODE}&state={STATE}&domain=p.example", timeout=10
        )
        answer = wait_for_authorization(listener.results, timeout=10)

    assert page.status_code == 200
    assert "You can close this tab" in page.text
    assert CODE not in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert (answer.code, answer.domain) == (CODE, "p.example")


def test_listener_ignores_a_foreign_state_and_keeps_waiting() -> None:
    with LoopbackListener(STATE) as listener:
        foreign = requests.get(f"{listener.redirect_uri}?code=evil-code-1&state=x", timeout=10)
        other_path = requests.get(f"http://127.0.0.1:{listener.port}/favicon.ico", timeout=10)
        assert listener.results.empty()
        requests.get(f"{listener.redirect_uri}?code={CODE}&state={STATE}", timeout=10)
        answer = wait_for_authorization(listener.results, timeout=10)

    assert (foreign.status_code, other_path.status_code) == (400, 404)
    assert answer.code == CODE


def test_listener_reports_an_authorization_error() -> None:
    with LoopbackListener(STATE) as listener:
        requests.get(f"{listener.redirect_uri}?error=access_denied&state={STATE}", timeout=10)
        with pytest.raises(AuthError) as caught:
            wait_for_authorization(listener.results, timeout=10)

    assert caught.value.code == "access_denied"


def test_listener_port_is_closed_after_use() -> None:
    with LoopbackListener(STATE) as listener:
        url = listener.redirect_uri

    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=5)


def test_paste_reader_skips_bad_lines_and_delivers_the_first_good_one() -> None:
    results: queue.Queue[AuthorizationResponse | Exception] = queue.Queue()
    complaints: list[str] = []
    lines = io.StringIO(f"\nnonsense!\n{REDIRECT.replace(STATE, 'old')}\n{REDIRECT}\n")

    start_paste_reader(lines, STATE, results, complaints.append).join(timeout=10)

    assert wait_for_authorization(results, timeout=10).code == CODE
    assert len(complaints) == 2


def test_waiting_times_out_on_the_injected_clock() -> None:
    ticks = itertools.count(0, 200)

    with pytest.raises(AuthError) as caught:
        wait_for_authorization(queue.Queue(), timeout=300, clock=lambda: float(next(ticks)))

    assert caught.value.code == "LOGIN_TIMEOUT"


def test_waiting_ends_when_cancelled() -> None:
    cancel = CancelToken()
    cancel.cancel()

    with pytest.raises(OperationCancelled):
        wait_for_authorization(queue.Queue(), timeout=300, cancel=cancel)


def test_a_busy_port_is_a_clear_error() -> None:
    with LoopbackListener(STATE) as busy, pytest.raises(InvalidInputError) as caught:
        LoopbackListener(STATE, busy.port)

    assert caught.value.code == "LISTENER_UNAVAILABLE"
    assert str(busy.port) in caught.value.message
