"""Which section an imported story goes into; new ones through sections.services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.text import slugify
from wagtail.permission_policies.pages import PagePermissionPolicy

from masthead.sections.models import SectionPage
from masthead.sections.services import get_or_create_section

from .report import ImportFailed

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def get_home_page():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        raise ImportFailed(
            "no site is set up yet: run `masthead demo` or migrate first"
        )
    return site.root_page.specific


def get_default_section() -> SectionPage:
    section = SectionPage.objects.order_by("path").first()
    return section or ensure_section("news", "News")


def find_section(slug: str) -> SectionPage:
    section = SectionPage.objects.filter(slug=slug).order_by("path").first()
    if section is None:
        known = ", ".join(SectionPage.objects.values_list("slug", flat=True)) or "none"
        raise ImportFailed(f"no section with the slug {slug!r} (sections: {known})")
    return section


def find_sections_open_to(user: AbstractBaseUser) -> QuerySet[SectionPage]:
    """The sections ``user`` may import stories into, in tree order.

    The rule is Wagtail's page "add" permission, held on the section or above it
    (newsroom roles grant it on the root page), so the Import screen can never
    create a draft the page explorer would refuse.
    """
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    return SectionPage.objects.filter(pk__in=pages.values("pk")).order_by("path")


def ensure_section(slug: str, name: str) -> SectionPage:
    """The section ``slug`` under the site's home page, created (live) if missing.

    ``slug`` comes from the source (a WordPress category), so it is made safe first.
    """
    slug = slugify(slug)[:50] or "news"
    return get_or_create_section(parent=get_home_page(), slug=slug, title=name or slug)
