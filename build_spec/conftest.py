"""The frozen smoke test's fixtures: the shared sandbox portal, and one bundle per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from frozen_bundle import Bundle, obtain_bundle

# The TLS sandbox portal and the real Secret Service (tests/), also when build_spec/ runs alone.
pytest_plugins = ["tests.fixtures_sandbox", "tests.fixtures_keyring"]


@pytest.fixture(scope="session")
def frozen_bundle(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Bundle:
    """The onedir bundle, built (or, locally, reused when the sources are unchanged)."""
    bundle = obtain_bundle(tmp_path_factory.mktemp("frozen-build"))
    how = "reused" if bundle.reused else f"built in {bundle.build_seconds:.0f} s"
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"\nfrozen bundle: {bundle.folder} ({bundle.size_mb:.1f} MB, {how})")
    return bundle


@pytest.fixture
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory outside the checkout for one frozen run."""
    return tmp_path_factory.mktemp("frozen-run")
