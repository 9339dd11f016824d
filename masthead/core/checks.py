"""``masthead check``: the Site matches ``MASTHEAD_BASE_URL``; HSTS lasts a year."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError


# A deploy check (`masthead check`): it reads the database, which ordinary checks
# (run by every management command) must not.
@register(deploy=True)
def check_site_matches_base_url(app_configs=None, **kwargs):
    if not settings.MASTHEAD_BASE_URL:
        return []
    from wagtail.models import Site

    from .services import describe_base_url_mismatch

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []  # not migrated yet: migrate writes the address
    problem = describe_base_url_mismatch(site=site, base_url=settings.MASTHEAD_BASE_URL)
    if not problem:
        return []
    return [
        Warning(
            f"The site's address differs from MASTHEAD_BASE_URL: {problem}.",
            hint="Run `masthead migrate` to write it into the Site, "
            "or fix MASTHEAD_BASE_URL.",
            id="masthead.W001",
        )
    ]


ONE_YEAR_SECONDS = 31_536_000


def is_https_assumed() -> bool:
    """The site is configured as served over HTTPS (behind a TLS proxy, redirecting
    to HTTPS, or with secure cookies): HSTS then has to hold for a year."""
    return bool(
        getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        or settings.SECURE_SSL_REDIRECT
        or settings.SESSION_COOKIE_SECURE
    )


# h-headers (issue 17): a deploy check, so `masthead check` (check --deploy) fails;
# tagged with Django's own HSTS checks.
@register(Tags.security, deploy=True)
def check_hsts_lasts_a_year(app_configs=None, **kwargs):
    if not is_https_assumed():
        return []
    seconds = settings.SECURE_HSTS_SECONDS or 0
    if seconds >= ONE_YEAR_SECONDS:
        return []
    return [
        Error(
            f"HSTS lasts {seconds} seconds; a site served over HTTPS needs at least "
            f"one year ({ONE_YEAR_SECONDS}).",
            hint="Set MASTHEAD_HSTS_SECONDS=31536000 (or unset it for the default).",
            id="masthead.E001",
        )
    ]
