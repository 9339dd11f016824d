"""Fetch a URL for import without letting it reach inside the network (no SSRF).

Every hop (the first address and each redirect) is resolved, and every address
it resolves to must be public: private, loopback, link-local, multicast and
reserved addresses are refused unless the host or address is listed in
``settings.MASTHEAD_INGEST_ALLOWED_HOSTS``. The connection goes to the address
that was checked (not a second lookup), so a DNS answer cannot change between
check and use. Bodies are limited in size and the whole fetch in time.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit

from django.conf import settings

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 15.0
MAX_REDIRECTS = 5
USER_AGENT = "Masthead-Importer/1.0 (+https://masthead.invalid/ingest)"


class FetchError(Exception):
    """The address could not or may not be fetched; the message says why."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str


def get_fetch_limits() -> tuple[int, float]:
    return (
        int(getattr(settings, "MASTHEAD_INGEST_MAX_BYTES", DEFAULT_MAX_BYTES)),
        float(getattr(settings, "MASTHEAD_INGEST_TIMEOUT", DEFAULT_TIMEOUT)),
    )


def fetch_url(
    url: str, *, max_bytes: int | None = None, timeout: float | None = None
) -> Fetched:
    """GET ``url`` following up to five redirects. Raises ``FetchError``."""
    default_bytes, default_timeout = get_fetch_limits()
    max_bytes = max_bytes or default_bytes
    timeout = timeout or default_timeout
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = _check_url(current)
        address = resolve_public_address(parts.hostname or "", parts.port, parts.scheme)
        status, headers, body = _get(parts, address, max_bytes, deadline)
        if status in {301, 302, 303, 307, 308}:
            location = headers.get("location")
            if not location:
                raise FetchError(f"{current}: redirect without a Location")
            current = urljoin(current, location)
            continue
        if status != 200:
            raise FetchError(f"{current}: the server answered HTTP {status}")
        return Fetched(
            url=current, content=body, content_type=headers.get("content-type", "")
        )
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _check_url(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid address") from exc
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"{url}: only http and https addresses can be imported")
    if not parts.hostname:
        raise FetchError(f"{url}: the address has no host")
    if parts.username or parts.password:
        raise FetchError(f"{url}: addresses with a user name are refused")
    return parts


def is_allowed_host(host: str, address: str = "") -> bool:
    allowed = {
        h.lower().strip("[]")
        for h in getattr(settings, "MASTHEAD_INGEST_ALLOWED_HOSTS", ())
    }
    return host.lower().strip("[]") in allowed or bool(address and address in allowed)


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def resolve_public_address(host: str, port: int | None, scheme: str) -> str:
    """The address to connect to; raises ``FetchError`` if any is not public."""
    port = port or (443 if scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{host}: the name does not resolve") from exc
    # sockaddr[0] is the address string for AF_INET and AF_INET6 (typeshed allows int).
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise FetchError(f"{host}: the name does not resolve")
    for address in addresses:
        if not is_public_address(address) and not is_allowed_host(host, address):
            raise FetchError(
                f"{host} resolves to {address}, a private, loopback or reserved "
                "address: refused (list it in MASTHEAD_INGEST_ALLOWED_HOSTS to allow)"
            )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        self._ssl_context = ssl.create_default_context()
        super().__init__(host, port, context=self._ssl_context, **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._ssl_context.wrap_socket(sock, server_hostname=self.host)


def _get(
    parts: SplitResult, address: str, max_bytes: int, deadline: float
) -> tuple[int, dict[str, str], bytes]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"{parts.geturl()}: timed out")
    cls = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = cls(parts.hostname, parts.port, address, timeout=remaining)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request(
            "GET",
            path,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
        )
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(_too_big(parts.geturl(), max_bytes))
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError(f"{parts.geturl()}: timed out")
            chunk = response.read1(65536) if response.status == 200 else b""
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(_too_big(parts.geturl(), max_bytes))
            chunks.append(chunk)
        return response.status, headers, b"".join(chunks)
    except TimeoutError as exc:
        raise FetchError(f"{parts.geturl()}: timed out") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"{parts.geturl()}: could not be fetched ({exc})") from exc
    finally:
        connection.close()


def _too_big(url: str, max_bytes: int) -> str:
    return f"{url}: larger than the {max_bytes // (1024 * 1024)} MB import limit"
