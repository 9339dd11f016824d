"""Fetching refuses inside addresses, big bodies and slow servers (local server)."""

from __future__ import annotations

import pytest

from masthead.ingest.fetch import FetchError, fetch_url, is_public_address


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "100.64.0.1",
    ],
)
def test_inside_and_reserved_addresses_are_not_public(address):
    assert not is_public_address(address)


def test_ordinary_internet_addresses_are_public():
    assert is_public_address("93.184.216.34")
    assert is_public_address("2606:2800:220:1:248:1893:25c8:1946")


def test_loopback_is_refused_unless_allowed_in_settings(local_server, settings):
    url = local_server.serve("/page.html", b"<p>hello</p>")
    settings.MASTHEAD_INGEST_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match="private, loopback or reserved"):
        fetch_url(url)
    assert local_server.hits == []  # refused before any connection

    settings.MASTHEAD_INGEST_ALLOWED_HOSTS = ["127.0.0.1"]
    assert fetch_url(url).content == b"<p>hello</p>"


def test_localhost_by_name_is_refused_too(local_server, settings):
    settings.MASTHEAD_INGEST_ALLOWED_HOSTS = []
    port = local_server.server.server_address[1]
    with pytest.raises(FetchError, match="refused"):
        fetch_url(f"http://localhost:{port}/")


def test_each_redirect_hop_is_checked_again(local_server, allow_local):
    url = local_server.serve(
        "/go", b"", status=302, headers={"Location": "http://169.254.169.254/latest/"}
    )
    with pytest.raises(FetchError, match="169.254.169.254"):
        fetch_url(url)


def test_redirects_within_allowed_hosts_are_followed(local_server, allow_local):
    local_server.serve("/final", b"done")
    url = local_server.serve("/start", b"", status=301, headers={"Location": "/final"})
    fetched = fetch_url(url)
    assert fetched.content == b"done"
    assert fetched.url.endswith("/final")


def test_redirect_loops_stop(local_server, allow_local):
    url = local_server.serve("/loop", b"", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="redirects"):
        fetch_url(url)


def test_a_fifty_megabyte_page_is_refused_with_a_message(local_server, allow_local):
    size = 50 * 1024 * 1024

    def huge(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(size))
        handler.end_headers()
        try:
            chunk = b"<p>" + b"x" * 65533
            for _ in range(size // len(chunk)):
                handler.wfile.write(chunk)
        except OSError:
            pass  # the client hung up once it knew the size

    url = local_server.serve("/huge.html", huge)
    with pytest.raises(FetchError, match="larger than the 20 MB import limit"):
        fetch_url(url)


def test_a_body_without_a_length_is_cut_off_at_the_limit(local_server, allow_local):
    def endless(handler):
        handler.send_response(200)
        handler.end_headers()  # no Content-Length: read until the limit
        try:
            for _ in range(64):
                handler.wfile.write(b"y" * 65536)
        except OSError:
            pass

    url = local_server.serve("/stream", endless)
    with pytest.raises(FetchError, match="larger than"):
        fetch_url(url, max_bytes=1024 * 1024)


def test_a_slow_server_times_out_with_a_message(local_server, allow_local):
    url = local_server.serve_slowly("/slow.rss", delay=3)
    with pytest.raises(FetchError, match="timed out"):
        fetch_url(url, timeout=0.5)


def test_only_http_addresses_are_fetched():
    for url in ("file:///etc/passwd", "ftp://example.org/x", "gopher://x", "nonsense"):
        with pytest.raises(FetchError):
            fetch_url(url)


def test_server_errors_become_messages(local_server, allow_local):
    url = local_server.serve("/gone", b"", status=500)
    with pytest.raises(FetchError, match="HTTP 500"):
        fetch_url(url)
