"""Fixtures of the socket-free portal tests: a portal on a manual clock and a ready token."""

from __future__ import annotations

import pytest

from gui.sandbox import ManualClock, SandboxPortal
from tests.sandbox.portal_calls import BASE


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=1_800_000_000.0)


@pytest.fixture
def portal(clock: ManualClock) -> SandboxPortal:
    portal = SandboxPortal(clock=clock, access_lifetime=60, burst=1000)
    portal.base_url = BASE
    return portal


@pytest.fixture
def token(portal: SandboxPortal) -> str:
    return str(portal.mint_token()["access_token"])
