"""The REST methods the sandbox implements: lower-case name → :class:`RestMethod`.

The methods live with their kind (``imconnector_methods``, ``openline_methods``,
``event_methods``, ``app_methods``); ``batch`` is run by the gate itself, since it calls the
others. Every ``imconnector.*`` and ``event.*`` method, and ``app.info``, needs the application
context; the Open Lines methods, ``profile`` and ``scope`` accept webhooks too.
"""

from __future__ import annotations

from gui.sandbox import app_methods, event_methods, imconnector_methods, openline_methods
from gui.sandbox.rest_call import CallContext, RestHandler, RestMethod, upper_keys

__all__ = ["METHODS", "CallContext", "RestHandler", "RestMethod", "upper_keys"]

_IM = imconnector_methods

METHODS: dict[str, RestMethod] = {
    "imconnector.register": RestMethod(_IM.register, "imopenlines"),
    "imconnector.activate": RestMethod(_IM.activate, "imopenlines"),
    "imconnector.status": RestMethod(_IM.status, "imopenlines"),
    "imconnector.connector.data.set": RestMethod(_IM.data_set, "imopenlines"),
    "imconnector.list": RestMethod(_IM.list_connectors, "imopenlines"),
    "imconnector.unregister": RestMethod(_IM.unregister, "imopenlines"),
    "imconnector.send.messages": RestMethod(_IM.send_messages, "imopenlines"),
    "imopenlines.config.list.get": RestMethod(openline_methods.config_list, "imopenlines", False),
    "imopenlines.config.add": RestMethod(openline_methods.config_add, "imopenlines", False),
    "event.bind": RestMethod(event_methods.event_bind, None),
    "event.get": RestMethod(event_methods.event_get, None),
    "event.unbind": RestMethod(event_methods.event_unbind, None),
    "app.info": RestMethod(app_methods.app_info, None),
    "profile": RestMethod(app_methods.profile, None, False),
    "scope": RestMethod(app_methods.scope, None, False),
}
"""Lower-case method name → method (``batch`` is the gate's own)."""
