"""A throwaway certificate authority for ``sandbox --tls``.

HTTPS-only clients (b24pysdk builds ``https://`` URLs only) can then talk to the sandbox
unchanged: point ``REQUESTS_CA_BUNDLE`` / ``SSL_CERT_FILE`` (Python) or ``NODE_EXTRA_CA_CERTS``
(Node) at :attr:`ThrowawayCA.ca_file`. The CA is made at run time with trustme (a small,
well-kept library built for exactly this: test CAs and leaf certificates), its key never touches
the disk, and :meth:`ThrowawayCA.close` deletes the one file it wrote.
"""

from __future__ import annotations

import shutil
import ssl
import tempfile
from pathlib import Path
from types import TracebackType

SANDBOX_HOSTS = ("127.0.0.1", "localhost", "::1")


class ThrowawayCA:
    """A CA and a server certificate for ``hosts``; the CA's PEM in a private temporary folder."""

    def __init__(self, hosts: tuple[str, ...] = SANDBOX_HOSTS) -> None:
        import trustme  # only when asked for: it brings in cryptography's x509

        self._ca = trustme.CA(organization_name="B24 Connector Configurator sandbox")
        self._leaf = self._ca.issue_cert(*hosts)
        self._folder = Path(tempfile.mkdtemp(prefix="b24-sandbox-ca-"))
        self.ca_file = self._folder / "sandbox-ca.pem"
        self._ca.cert_pem.write_to_path(str(self.ca_file))

    def server_context(self) -> ssl.SSLContext:
        """What :class:`~gui.sandbox.server.SandboxServer` serves HTTPS with."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._leaf.configure_cert(context)
        return context

    def close(self) -> None:
        """Delete the CA file (and its folder)."""
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> ThrowawayCA:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
