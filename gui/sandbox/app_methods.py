"""``app.info``, ``profile`` and ``scope``: who is calling, as the portal tells it.

``app.info`` carries ``INSTALLED``: false while the rehearsal keeps the app's installation
unfinished (:meth:`~gui.sandbox.portal.SandboxPortal.set_installed`), the most common reason a
connector receives no events. The sandbox is the portal and the OAuth server on one origin, so
its ``app.info`` answers with both servers' fields: the portal's upper-case ones (``ID``,
``CODE``, ``INSTALLED``…) and the OAuth server's lower-case ones (``client_id``, ``expires``,
``install``…) that b24pysdk reads.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from gui.sandbox.openlines import OpenLinesState
from gui.sandbox.rest_call import CallContext
from gui.sandbox.system_errors import RestFailure


def app_info(state: OpenLinesState, call: CallContext) -> Any:
    """``app.info`` of the calling app."""
    app = call.app
    if app is None:
        raise RestFailure("APPLICATION_NOT_FOUND")
    scope = app.scope
    expires = datetime.fromtimestamp(call.expires_at or call.time, UTC)
    return {
        "ID": app.app_id,
        "CODE": app.client_id,
        "VERSION": 1,
        "STATUS": "L",
        "INSTALLED": call.install_finished,
        "PAYMENT_EXPIRED": "N",
        "DAYS": None,
        "LANGUAGE_ID": "en",
        "LICENSE": "en_project",
        "LICENSE_TYPE": "project",
        "LICENSE_FAMILY": "project",
        "client_id": app.client_id,
        "scope": scope,
        "expires": expires.isoformat(),
        "user_id": call.user_id,
        "install": {
            "installed": call.install_finished,
            "version": 1,
            "status": "L",
            "scope": scope,
            "domain": urlsplit(call.base_url).netloc,
            "uri": call.base_url,
            "client_endpoint": f"{call.base_url}/rest/",
            "member_id": call.member_id,
            "member_type": "PORTAL",
        },
    }


def profile(state: OpenLinesState, call: CallContext) -> Any:
    """``profile``: the calling user (the sandbox's users are administrators)."""
    return {
        "ID": str(call.user_id),
        "ADMIN": True,
        "NAME": "Sandbox",
        "LAST_NAME": f"User {call.user_id}",
        "PERSONAL_GENDER": "",
        "TIME_ZONE": "",
        "TIME_ZONE_OFFSET": 0,
    }


def scope(state: OpenLinesState, call: CallContext) -> Any:
    """``scope``: the token's scopes."""
    return list(call.scope)
