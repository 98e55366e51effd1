"""Tokens in the OS keyring only (DESIGN.md "Token store").

One keyring entry per portal: service :data:`SERVICE`, username the portal's host key (lower
case, ``host:port`` when the port is not 443), password a JSON object with the OAuth pair, its
expiry, the app's client credentials and what the OAuth server told us about the portal.

There is no fallback: a missing, locked or plaintext keyring is a
:class:`~gui.core.errors.KeyringUnavailableError` that says what to do. The secret fields of
:class:`StoredToken` are left out of its ``repr``, and no message built here contains one.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from gui.core.auth.keyring_help import keyring_setup_help
from gui.core.auth.portal_index import PortalIndex
from gui.core.errors import AuthError, B24Error, InvalidInputError, KeyringUnavailableError
from gui.core.i18n import N_, _
from gui.core.portal.address import PortalAddress
from gui.core.secrets import redact

if TYPE_CHECKING:  # keyring itself is imported on first use, not at start-up
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

_T = TypeVar("_T")

SERVICE = "b24-connector-configurator"
"""The keyring service name: a public contract, scripts read the entries by it."""

REQUIRED_KEYS = ("access_token", "refresh_token", "expires", "client_id", "client_secret")
"""Keys every stored token JSON has (DESIGN.md)."""

OPTIONAL_KEYS = ("client_endpoint", "server_endpoint", "member_id", "scope")
"""Keys stored when known."""

SECRET_FIELDS = ("access_token", "refresh_token", "client_secret")


def _with_help(problem: str) -> str:
    """``problem`` (translated) followed by what to do without a usable keyring, for this OS
    (appended to every keyring error)."""
    return f"{problem} {keyring_setup_help()}"


@dataclass(frozen=True)
class StoredToken:
    """One portal's OAuth pair and app credentials, as kept in keyring.

    ``expires`` is unix seconds. ``extra`` keeps keys we do not use (``domain``, ``user_id``...)
    so a round trip loses nothing. Secret fields are hidden from ``repr``.
    """

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires: int
    client_id: str
    client_secret: str = field(repr=False)
    client_endpoint: str = ""
    server_endpoint: str = ""
    member_id: str = ""
    scope: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False, hash=False)

    def is_expired(self, now: float, margin: float = 0.0) -> bool:
        """True when the access token's stored expiry has passed (``margin`` seconds early)."""
        return now + margin >= self.expires

    @property
    def scopes(self) -> tuple[str, ...]:
        """The granted scopes (Bitrix24 sends them comma-separated)."""
        return tuple(part.strip() for part in self.scope.replace(" ", ",").split(",") if part)

    def secrets(self) -> tuple[str, ...]:
        """The secret values, for scrubbing text that might contain them."""
        return tuple(getattr(self, name) for name in SECRET_FIELDS)

    def as_dict(self) -> dict[str, Any]:
        """The keyring JSON object as a dict (contains secrets: never log it)."""
        data: dict[str, Any] = dict(self.extra)
        data.update((key, getattr(self, key)) for key in REQUIRED_KEYS)
        data.update((key, getattr(self, key)) for key in OPTIONAL_KEYS if getattr(self, key))
        return data

    def masked(self) -> dict[str, Any]:
        """The token as a dict with every secret masked (``token show``)."""
        masked: dict[str, Any] = redact(self.as_dict())
        return masked

    def to_json(self) -> str:
        """The keyring password: a JSON object (contains secrets: never log it)."""
        return json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> StoredToken:
        """Parse a token JSON object; :class:`InvalidInputError` names a bad key, never a value."""
        try:
            data = json.loads(text)
        except RecursionError:
            raise InvalidInputError(
                _("The token is JSON nested too deeply to be a token."), code="TOKEN_NOT_JSON"
            ) from None
        except (ValueError, TypeError):
            # ``from None``: the decoder's error keeps the document, which holds secrets.
            raise InvalidInputError(
                _("The token is not valid JSON (expected a JSON object)."), code="TOKEN_NOT_JSON"
            ) from None
        if not isinstance(data, dict):
            raise InvalidInputError(_("The token must be a JSON object."), code="TOKEN_NOT_OBJECT")
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> StoredToken:
        """Build from a decoded JSON object, checking every required key."""
        missing = [key for key in REQUIRED_KEYS if data.get(key) in (None, "")]
        if missing:
            raise InvalidInputError(
                _("The token lacks {missing} (needs {required}).").format(
                    missing=", ".join(missing), required=", ".join(REQUIRED_KEYS)
                ),
                code="TOKEN_FIELD_MISSING",
            )
        known = (*REQUIRED_KEYS, *OPTIONAL_KEYS)
        texts: dict[str, str] = {}
        for key in known:
            if key == "expires":
                continue
            value = "" if data.get(key) is None else data[key]
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise InvalidInputError(
                    _("The token's {key} must be a string.").format(key=key), code="TOKEN_FIELD"
                )
            texts[key] = str(value)
        return cls(
            **texts,
            expires=_unix_seconds(data["expires"]),
            extra={key: value for key, value in data.items() if key not in known},
        )


def _unix_seconds(value: object) -> int:
    if isinstance(value, bool):
        value = None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise InvalidInputError(
            _("The token's expires must be a unix time in seconds."), code="TOKEN_FIELD"
        )
    return int(number)


def keyring_username(portal: str | PortalAddress) -> str:
    """The keyring username for a portal: its host key (a URL or host text is parsed first)."""
    return (PortalAddress.parse(portal) if isinstance(portal, str) else portal).host_key


def _plaintext_backend_name(backend: object) -> str | None:
    """The backend's name when it keeps secrets in a file or throws them away, else None."""
    kind = type(backend)
    name = f"{kind.__module__}.{kind.__qualname__}"
    unsafe = kind.__module__.startswith("keyrings.alt") or "plaintext" in name.lower()
    return name if unsafe or name == "keyring.backends.null.Keyring" else None


def _refuse_plaintext(backend: KeyringBackend) -> KeyringBackend:
    """``backend``, unless it keeps secrets in a file or throws them away."""
    name = _plaintext_backend_name(backend)
    if name is not None:
        raise KeyringUnavailableError(
            _with_help(
                _("The keyring backend {name} does not keep secrets safely; refusing it.").format(
                    name=name
                )
            ),
            code="KEYRING_PLAINTEXT",
        )
    return backend


def resolve_default_backend() -> KeyringBackend:
    """The OS keyring keyring would choose, refusing a missing or plaintext one."""
    import keyring
    from keyring.backends import chainer, fail

    try:
        chosen = keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration must not crash the program
        log.warning("keyring could not choose a backend: %s", type(exc).__name__)
        raise KeyringUnavailableError(
            _with_help(_("No OS keyring could be opened.")), code="KEYRING_MISSING"
        ) from None
    if isinstance(chosen, chainer.ChainerBackend):
        usable = [b for b in chosen.backends if _plaintext_backend_name(b) is None]
        if not usable:
            raise KeyringUnavailableError(
                _with_help(_("Only plaintext keyrings are available.")), code="KEYRING_PLAINTEXT"
            )
        chosen = usable[0]
    if isinstance(chosen, fail.Keyring):
        raise KeyringUnavailableError(
            _with_help(_("No OS keyring is available.")), code="KEYRING_MISSING"
        )
    if type(chosen).__module__ == "keyring.backends.SecretService":  # exactly keyring's own
        from gui.core.auth.secret_service import ClosingSecretService

        chosen = ClosingSecretService.like(chosen)  # keyring's leaks a D-Bus socket when locked
    return _refuse_plaintext(chosen)


class TokenStore:
    """Loads, saves and forgets portal tokens in the OS keyring.

    ``backend`` is a keyring backend object (tests pass an in-memory one); ``None`` means the one
    :mod:`keyring` selects, resolved on first use. Each call is one keyring round trip, made on
    the caller's thread (the window calls it on the GUI thread only).
    """

    def __init__(
        self, backend: KeyringBackend | None = None, index: PortalIndex | None = None
    ) -> None:
        self._backend = None if backend is None else _refuse_plaintext(backend)
        if backend is None and index is None:
            index = PortalIndex.default()  # the OS keyring: remember which portals it holds
        self._index = index

    def portals(self) -> list[str]:
        """The host keys of the portals this store holds a token for (from its index)."""
        return self._index.hosts() if self._index is not None else []

    @property
    def backend(self) -> KeyringBackend:
        """The keyring backend in use (resolved now if it was not given)."""
        if self._backend is None:
            self._backend = resolve_default_backend()
        return self._backend

    def load(self, portal: str | PortalAddress) -> StoredToken | None:
        """The stored token for ``portal``, or None when there is none."""
        username = keyring_username(portal)
        text = self._guard("read", lambda: self.backend.get_password(SERVICE, username))
        if text is None:
            return None
        try:
            return StoredToken.from_json(text)
        except InvalidInputError as exc:
            raise AuthError(
                _(
                    "The token stored for {portal} is unusable ({reason}). Log in again, or "
                    "store a token with `token set`."
                ).format(portal=username, reason=exc.message),
                code="TOKEN_STORED_INVALID",
                field="portal",
            ) from None

    def save(self, portal: str | PortalAddress, token: StoredToken) -> None:
        """Store (or replace) the token for ``portal``."""
        username = keyring_username(portal)
        password = token.to_json()
        self._guard("save", lambda: self.backend.set_password(SERVICE, username, password))
        if self._index is not None:
            self._index.add(username)

    def forget(self, portal: str | PortalAddress) -> bool:
        """Delete the token for ``portal``; False when there was none."""
        username = keyring_username(portal)
        if self._index is not None:
            self._index.remove(username)
        if self._guard("read", lambda: self.backend.get_password(SERVICE, username)) is None:
            return False
        self._guard("delete", lambda: self._delete(username))
        return True

    def _delete(self, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        try:
            self.backend.delete_password(SERVICE, username)
        except PasswordDeleteError:  # another process forgot it since the read: gone all the same
            return

    def _guard(self, action: str, call: Callable[[], _T]) -> _T:
        """Run one keyring call, turning every keyring failure into a what-to-do error."""
        from keyring import errors as keyring_errors

        try:
            return call()
        except B24Error:
            raise
        except keyring_errors.KeyringLocked:
            unlock = _(
                "Unlock your login keyring (log in to the desktop session, or open Passwords "
                "and Keys and unlock it) and try again."
            )
            raise KeyringUnavailableError(
                f"{_(_LOCKED.get(action, _LOCKED['read']))} {unlock}",
                code="KEYRING_LOCKED",
            ) from None
        except keyring_errors.NoKeyringError:
            raise KeyringUnavailableError(
                _with_help(_("No OS keyring is available.")), code="KEYRING_MISSING"
            ) from None
        except keyring_errors.InitError as exc:
            log.warning("keyring init failed: %s", type(exc).__name__)
            raise KeyringUnavailableError(
                _with_help(_("The OS keyring could not be opened.")), code="KEYRING_INIT"
            ) from None
        except Exception as exc:  # secretstorage / jeepney / D-Bus failures included
            # The message may quote D-Bus internals, never our secret: log only the type.
            log.warning("keyring %s failed: %s", action, type(exc).__name__)
            failure = _(_FAILED.get(action, _FAILED["read"])).format(error=type(exc).__name__)
            raise KeyringUnavailableError(
                _with_help(failure),
                code="KEYRING_ERROR",
            ) from None


_LOCKED = {
    "read": N_("The OS keyring is locked, so the token could not be read."),
    "save": N_("The OS keyring is locked, so the token could not be saved."),
    "delete": N_("The OS keyring is locked, so the token could not be deleted."),
}
"""The first sentence of the locked-keyring error, per keyring action."""

_FAILED = {
    "read": N_("The OS keyring failed, so the token could not be read ({error})."),
    "save": N_("The OS keyring failed, so the token could not be saved ({error})."),
    "delete": N_("The OS keyring failed, so the token could not be deleted ({error})."),
}
"""The first sentence of a keyring failure, per keyring action."""
