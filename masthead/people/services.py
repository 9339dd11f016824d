"""Writes to people. Importers and the demo add bylines' people here."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from .models import Person


@transaction.atomic
def find_or_create_person(*, name: str, role: str = "") -> Person:
    """The person named exactly ``name``, created (with ``role``) when missing.

    A new person gets a slug no one else has (``jane-doe-2`` when two people share
    a name's slug), so a second namesake never fails on the unique slug.
    """
    person = Person.objects.filter(name=name).first()
    if person is None:
        slug, n = slugify(name)[:130] or "person", 1
        base = slug
        while Person.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        person = Person.objects.create(name=name[:120], slug=slug, role=role)
    return person
