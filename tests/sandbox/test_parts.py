"""The sandbox's small parts: PHP semantics, form parsing, the bucket, the clock, the faults."""

from __future__ import annotations

import math

import pytest

from gui.sandbox import ManualClock
from gui.sandbox.php_form import parse_php_form, php_empty
from gui.sandbox.ratelimit import LeakyBucket
from gui.sandbox.scripted import ScriptQueue
from gui.sandbox.wire import Delayed, Incoming, ResetConnection, Response, read_params
from tests.faults import ConnectionReset, Delay, EmptyBody, InvalidJson
from tests.faults.scripted import HugeBody, ShortBody, SystemErrorReply


@pytest.mark.parametrize("value", [None, False, 0, 0.0, "", "0", [], {}])
def test_php_empty_values(value: object) -> None:
    assert php_empty(value)


@pytest.mark.parametrize("value", ["a", "0.0", " ", "00", 1, -1, 0.5, True, ["x"], {"a": 1}])
def test_php_non_empty_values(value: object) -> None:
    assert not php_empty(value)


def test_php_form_nests_bracketed_keys() -> None:
    parsed = parse_php_form(
        "ICON[DATA_IMAGE]=x%27y&ICON[COLOR]=%23fff&A[]=1&A[]=2&plain=&B[C][D]=e"
    )
    assert parsed == {
        "ICON": {"DATA_IMAGE": "x'y", "COLOR": "#fff"},
        "A": {"0": "1", "1": "2"},
        "plain": "",
        "B": {"C": {"D": "e"}},
    }


def test_body_parameters_override_the_query_and_bad_json_gives_none() -> None:
    incoming = Incoming(
        "POST", "/rest/x?auth=q&a=1", {"content-type": "application/json"}, b'{"auth": "b"}', ""
    )
    params = read_params(incoming)
    assert params.merged == {"auth": "b", "a": "1"}
    assert params.query == {"auth": "q", "a": "1"}
    broken = Incoming("POST", "/rest/x", {"Content-Type": "application/json"}, b"{nope", "")
    assert read_params(broken).merged == {}
    array = Incoming("POST", "/rest/x", {"Content-Type": "application/json"}, b"[1]", "")
    assert read_params(array).merged == {}


def test_leaky_bucket_refuses_past_the_burst_and_drains_with_time() -> None:
    clock = ManualClock(start=0.0)
    bucket = LeakyBucket(clock, burst=2, drain_per_second=4.0)
    assert [bucket.try_take() for _ in range(3)] == [True, True, False]
    assert bucket.seconds_until_free() == pytest.approx(0.25)
    clock.advance(0.25)
    assert bucket.try_take() and not bucket.try_take()
    clock.advance(10)
    assert bucket.level == 0.0


def test_leaky_bucket_can_be_switched_off() -> None:
    bucket = LeakyBucket(ManualClock(start=0.0), burst=math.inf, drain_per_second=0)
    assert all(bucket.try_take() for _ in range(500))


def test_manual_clock_moves_only_forward() -> None:
    clock = ManualClock(start=10.0)
    assert clock() == 10.0
    assert clock.advance(2.5) == 12.5 == clock()
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)


def test_fault_queue_serves_faults_in_order_to_their_target() -> None:
    queue = ScriptQueue()
    rest_fault, oauth_fault, any_fault = InvalidJson(), EmptyBody(), ConnectionReset()
    queue.push("rest", rest_fault)
    queue.push("oauth", oauth_fault)
    queue.push("any", any_fault)
    assert queue.take("oauth") is oauth_fault
    assert queue.take("other") is any_fault
    assert queue.take("oauth") is None
    assert queue.take("rest") is rest_fault
    assert len(queue) == 0


def _never() -> Response:
    raise AssertionError("a fault that answers by itself must not reach the portal")


def test_faults_answer_without_reaching_the_portal() -> None:
    huge = HugeBody(size=1000).action(_never)
    assert isinstance(huge, Response) and len(huge.body) == 1000
    short = ShortBody().action(_never)
    assert isinstance(short, Response)
    assert short.declared_length is not None and short.declared_length > len(short.body)
    assert isinstance(ConnectionReset().action(_never), ResetConnection)
    error = SystemErrorReply("OPERATION_TIME_LIMIT").action(_never)
    assert isinstance(error, Response) and error.status == 429


def test_delay_then_answers_normally_or_with_another_fault() -> None:
    normal = Response(200, b"{}")
    delayed = Delay(2.5).action(lambda: normal)
    assert isinstance(delayed, Delayed) and delayed.seconds == 2.5
    assert delayed.then() is normal
    chained = Delay(1, then=ConnectionReset()).action(_never)
    assert isinstance(chained, Delayed)
    assert isinstance(chained.then(), ResetConnection)
