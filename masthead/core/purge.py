"""Which models' rows readers see on public pages: a change to one must purge.

Pages themselves purge through Wagtail's page signals. Any other model whose rows
a public page renders (a byline's person, a photo's credit, the newsroom settings
in the header) is declared by the app that owns it, in its ``AppConfig.ready()``::

    purge.register_shown_on_pages(Person)

The page cache (``pagecache.signal_handlers``) purges whenever such a row is
changed or deleted. ``pagecache/tests/test_shown_on_pages.py`` fails when a public
page reads a table that is neither declared here nor explained there.
"""

from __future__ import annotations

from django.db import models

_shown_on_pages: set[type[models.Model]] = set()


def register_shown_on_pages(*shown: type[models.Model]) -> None:
    """Declare models whose rows appear on public pages (idempotent)."""
    _shown_on_pages.update(shown)


def is_shown_on_pages(model: type[models.Model]) -> bool:
    return model in _shown_on_pages


def shown_on_pages() -> frozenset[type[models.Model]]:
    return frozenset(_shown_on_pages)
