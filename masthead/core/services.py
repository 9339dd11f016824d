"""The site's public address: ``MASTHEAD_BASE_URL`` written into the default Site.

Canonical links, ``og:url``, feeds, sitemaps and emails all build absolute URLs
from Wagtail's ``Site.root_url``, so setting the Site once (on migrate and when the
demo is built) is enough; nobody has to edit the Site in the admin.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_address_from_base_url(base_url: str) -> tuple[str, int]:
    """``(hostname, port)`` for a Wagtail Site from ``http(s)://host[:port]``.

    Wagtail has no scheme field: port 443 means https, any other port http.
    """
    parts = urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return (parts.hostname or "").lower(), port


def describe_base_url_mismatch(*, site, base_url: str) -> str:
    """Why ``site`` does not answer at ``base_url``, or "" when it does."""
    if not base_url:
        return ""
    if site is None:
        return "there is no default Site"
    expected = base_url.rstrip("/").lower()
    if site.root_url.lower() != expected:
        hostname, port = site_address_from_base_url(base_url)
        if urlsplit(base_url).scheme == "https" and port != 443:
            return (
                f"Wagtail's Site says https only on port 443, so {base_url} "
                f"becomes {site.root_url}"
            )
        return f"the default Site says {site.root_url}, MASTHEAD_BASE_URL {base_url}"
    return ""


def apply_base_url_to_site(*, base_url: str | None = None, using: str = "default"):
    """Give the default Site the hostname and port of ``base_url`` (by default
    ``settings.MASTHEAD_BASE_URL``). Does nothing when the address is unset or
    there is no default Site yet; returns the Site when it changed, else None."""
    from wagtail.models import Site

    from .generation import bump_generation

    base_url = settings.MASTHEAD_BASE_URL if base_url is None else base_url
    if not base_url:
        return None
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = site_address_from_base_url(base_url)
    if (site.hostname, site.port) == (hostname, port):
        return None
    site.hostname, site.port = hostname, port
    site.save(using=using, update_fields=["hostname", "port"])
    # Every stored page carries the old address in its links.
    bump_generation()
    return site
