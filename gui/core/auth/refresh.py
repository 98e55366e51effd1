"""REST calls with the stored token: expiry → one refresh (single-flight) → persist → retry once.

BITRIX.md §3: refresh only after ``expired_token`` or once the stored ``expires`` has passed;
every refresh returns a new pair and the old refresh token dies at once. So:

* the token comes in as a value (the window reads keyring on the GUI thread) with a
  ``persist(new_token)`` callback that must have stored the new pair **before** the call is
  retried (the window makes it a blocking call onto the GUI thread; the CLI passes
  ``TokenStore.save``);
* :class:`RefreshCoordinator` keeps one lock per portal and the latest pair, so when several
  calls hit expiry together only one refreshes and the others reuse its pair, instead of
  spending the dead refresh token a second time (which the server answers ``invalid_grant``);
* the refresh and the keyring write hold a **file lock per portal** shared by every process of
  the user (:func:`portal_refresh_lock`, bounded wait): a process that gets the lock reads the
  stored pair first and, when another process has already rotated it, uses that pair instead of
  spending the dead refresh token (which would end in a false "log in again");
* SIGINT/SIGTERM wait until the new pair is stored (:func:`gui.core.auth.shield.storing_pair`);
* a token that names another portal is refused before anything is sent
  (:func:`gui.core.auth.trust.check_token_for_portal`);
* a call is retried once; ``invalid_grant`` means log in again (an :class:`AuthError`).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from gui.core.auth.shield import storing_pair
from gui.core.auth.tokens import StoredToken
from gui.core.auth.trust import check_token_for_portal
from gui.core.cancel import CancelToken
from gui.core.errors import AuthError, NetworkError, TokenExpiredError
from gui.core.portal.address import PortalAddress

if TYPE_CHECKING:  # the REST and OAuth clients import requests; this module must stay light
    from gui.core.auth.oauth import OAuthClient
    from gui.core.portal.rest import RegisterOutcome, RestClient

log = logging.getLogger(__name__)

_T = TypeVar("_T")
Persist = Callable[[StoredToken], None]
"""Stores a new pair; returns only once it is stored (raises if it could not be)."""
Reload = Callable[[PortalAddress], "StoredToken | None"]
"""Reads the portal's stored token again."""

LOCK_WAIT_SECONDS = 90.0
"""How long a process waits for another one's refresh of the same portal (its network deadline
and keyring write fit in it)."""


@contextmanager
def portal_refresh_lock(key: str, timeout: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """The user-wide lock on ``key``'s refresh (a file in :func:`gui.core.paths.lock_dir`)."""
    from filelock import FileLock, Timeout

    from gui.core.paths import lock_dir

    folder = lock_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = re.sub(r"[^a-z0-9.-]", "_", key.lower())
    lock = FileLock(str(folder / f"refresh-{name}.lock"), mode=0o600)
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise NetworkError(
            f"Another run of this program has been refreshing the token for {key} for "
            f"{timeout:g} s; nothing was sent. Try again in a moment.",
            code="REFRESH_BUSY",
        ) from None
    try:
        yield
    finally:
        lock.release()


class RefreshCoordinator:
    """One refresh at a time per portal, and the latest pair each portal got. Thread-safe.

    Share one coordinator between every client of a process (the window keeps one for its
    lifetime). A caller whose token is older than the latest pair gets the latest pair.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._latest: dict[str, StoredToken] = {}
        self.refresh_count = 0
        """How many refreshes this coordinator made (for tests and the benchmark)."""

    def _lock_for(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def current(self, key: str, token: StoredToken) -> StoredToken:
        """``token``, or the newer pair this coordinator already got for the portal."""
        with self._guard:
            latest = self._latest.get(key)
        if latest is not None and latest.expires > token.expires:
            return latest
        return token

    def adopt(self, key: str, token: StoredToken) -> None:
        """Remember a pair found elsewhere (stored by another process) if it is newer."""
        with self._guard:
            latest = self._latest.get(key)
            if latest is None or token.expires > latest.expires:
                self._latest[key] = token

    def refreshed(
        self,
        key: str,
        stale: StoredToken,
        refresh: Callable[[StoredToken], StoredToken],
        persist: Persist,
        reload: Callable[[], StoredToken | None] | None = None,
    ) -> StoredToken:
        """A pair newer than ``stale``: another caller's, or one refreshed and persisted now.

        The refresh and the persist happen under the portal's lock (this process's, then the
        user-wide file lock), so a second caller waits and then finds the new pair: in memory
        for a thread of this process, through ``reload`` (the stored pair) for another process.
        SIGINT/SIGTERM wait for the persist. If ``persist`` fails the pair is still remembered
        here (the old refresh token is dead; losing the new one would force a new login) and the
        error propagates: the call is not retried with a pair that is not stored.
        """
        with self._lock_for(key):
            with self._guard:
                latest = self._latest.get(key)
            if (
                latest is not None
                and latest.access_token != stale.access_token
                and latest.expires >= stale.expires
            ):
                return latest
            with portal_refresh_lock(key):
                stored = reload() if reload is not None else None
                if (
                    stored is not None
                    and stored.refresh_token != stale.refresh_token
                    and stored.expires >= stale.expires
                ):
                    log.info("%s was refreshed by another process; using the stored pair", key)
                    self.adopt(key, stored)
                    return stored
                with storing_pair():
                    new = refresh(stale)
                    with self._guard:
                        self._latest[key] = new
                        self.refresh_count += 1
                    persist(new)
                return new


class AuthorizedClient:
    """REST calls authorised by a stored token, refreshed when the portal says it expired.

    ``reload(portal)``, when given, reads the stored token again (the CLI passes
    ``TokenStore.load``; the window a blocking call onto the GUI thread). It is used only when a
    refresh answers ``invalid_grant``: if another process (the window, a script) refreshed and
    stored a newer pair meanwhile, that pair is used instead of asking the user to log in again.
    """

    def __init__(
        self,
        rest: RestClient,
        oauth: OAuthClient,
        coordinator: RefreshCoordinator,
        clock: Callable[[], float] = time.time,
        reload: Reload | None = None,
    ) -> None:
        self._rest = rest
        self._oauth = oauth
        self._coordinator = coordinator
        self._clock = clock
        self._reload = reload

    def call(
        self,
        portal: PortalAddress,
        token: StoredToken,
        persist: Persist,
        method: str,
        params: Mapping[str, Any],
        cancel: CancelToken | None = None,
    ) -> Any:
        """``method``'s result; refreshes and retries once on ``expired_token``."""
        send = functools.partial(self._rest.call, portal, method, params, cancel=cancel)
        return self._authorized(portal, token, persist, cancel, send)

    def register(
        self,
        portal: PortalAddress,
        token: StoredToken,
        persist: Persist,
        profile: Mapping[str, Any],
        cancel: CancelToken | None = None,
    ) -> RegisterOutcome:
        """``imconnector.register`` with the profile; refreshes and retries once on expiry."""
        send = functools.partial(self._rest.register, portal, profile, cancel=cancel)
        return self._authorized(portal, token, persist, cancel, send)

    def _authorized(
        self,
        portal: PortalAddress,
        token: StoredToken,
        persist: Persist,
        cancel: CancelToken | None,
        send: Callable[[str], _T],
    ) -> _T:
        key = portal.host_key
        check_token_for_portal(portal, token)
        token = self._coordinator.current(key, token)
        if token.is_expired(self._clock()):
            log.info("stored access token for %s has expired; refreshing", key)
        else:
            try:
                return send(token.access_token)
            except TokenExpiredError:
                log.info("portal %s answered expired_token; refreshing once", key)
        token = self._refresh(portal, token, persist, cancel)
        return send(token.access_token)

    def _refresh(
        self,
        portal: PortalAddress,
        token: StoredToken,
        persist: Persist,
        cancel: CancelToken | None,
    ) -> StoredToken:
        key = portal.host_key
        if cancel is not None:
            cancel.raise_if_cancelled()
        # No cancel token past this point: once the server has rotated the pair, dropping its
        # answer would lose the only live refresh token. The transport's timeouts bound it.
        reload = functools.partial(self._reload, portal) if self._reload is not None else None
        try:
            return self._coordinator.refreshed(key, token, self._oauth.refresh, persist, reload)
        except AuthError as exc:
            if exc.code != "invalid_grant" or self._reload is None:
                raise
            stored = self._reload(portal)
            if stored is None or stored.refresh_token == token.refresh_token:
                raise
            log.info("%s was refreshed elsewhere; using the stored pair", key)
            self._coordinator.adopt(key, stored)
            return stored
