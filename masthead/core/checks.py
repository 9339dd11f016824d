"""``masthead check``: warns when the default Site and ``MASTHEAD_BASE_URL`` differ."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register
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
