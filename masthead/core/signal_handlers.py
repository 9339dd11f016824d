"""Framework events connected to core services (registered in ``CoreConfig.ready``)."""

from __future__ import annotations

from django.db import connections

from .services import apply_base_url_to_site


def apply_base_url_after_migrate(sender, *, using="default", **kwargs) -> None:
    # A partial migrate (to an early target) may not have Wagtail's tables yet.
    if "wagtailcore_site" not in connections[using].introspection.table_names():
        return
    apply_base_url_to_site(using=using)
