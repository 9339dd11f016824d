"""Writes to sections. Importers and the demo add sections here."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page

from .models import SectionPage


@transaction.atomic
def get_or_create_section(
    *, parent: Page, slug: str, title: str, intro: str = ""
) -> SectionPage:
    """The section ``slug`` directly under ``parent`` (the home page).

    When missing it is created with ``title`` and ``intro`` and published at once,
    so stories placed in it can be read. An existing section is returned as it is.
    """
    section = SectionPage.objects.child_of(parent).filter(slug=slug).first()
    if section is None:
        section = parent.add_child(
            instance=SectionPage(title=title, slug=slug, intro=intro)
        )
        section.save_revision().publish()
    return section.specific
