"""The conformance tests: clients nobody on this team wrote drive the sandbox, unchanged.

``sdk_sandbox`` is the TLS sandbox with a certificate that also names ``oauth.bitrix24.tech``,
the OAuth host b24pysdk hard-codes (tests route that name to the sandbox, see
``test_b24pysdk.py``). ``DOCS_EXAMPLE`` is ``imconnector.register``'s example from the official
documentation, parameter for parameter.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from gui.sandbox import ManualClock, SandboxPortal
from tests.fixtures_sandbox import RunningSandbox, serve_sandbox

SDK_OAUTH_HOST = "oauth.bitrix24.tech"
"""b24pysdk's OAuth server (``https://oauth.bitrix24.tech/oauth/token/``, not configurable)."""

DOCS_ICON = "data:image/svg+xml,%3Csvg%20xmlns%3D%22http://www.w3.org/2000/svg%22/%3E"
DOCS_EXAMPLE: dict[str, Any] = {
    "ID": "myconnector",
    "NAME": "My Connector",
    "ICON": {"DATA_IMAGE": DOCS_ICON, "COLOR": "#69acc0", "SIZE": "90%", "POSITION": "center"},
    "PLACEMENT_HANDLER": "https://example.com/connector/settings",
    "ICON_DISABLED": {"DATA_IMAGE": DOCS_ICON, "COLOR": "#99adb3"},
    "DEL_EXTERNAL_MESSAGES": True,
    "EDIT_INTERNAL_MESSAGES": True,
    "DEL_INTERNAL_MESSAGES": True,
    "NEWSLETTER": True,
    "NEED_SYSTEM_MESSAGES": True,
    "NEED_SIGNATURE": True,
    "CHAT_GROUP": False,
    "COMMENT": "Channel settings",
}
DATA = {
    "ID": "acme-1",
    "URL": "https://acme.example/c",
    "URL_IM": "https://acme.example/im",
    "NAME": "Acme",
}


@pytest.fixture
def sdk_sandbox(
    sandbox_portal: SandboxPortal,
    sandbox_clock: ManualClock,
    sandbox_ca: trustme.CA,
    ca_bundle_path: Path,
) -> Iterator[RunningSandbox]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    sandbox_ca.issue_cert("127.0.0.1", "localhost", SDK_OAUTH_HOST).configure_cert(context)
    yield from serve_sandbox(sandbox_portal, sandbox_clock, context, ca_bundle_path)
