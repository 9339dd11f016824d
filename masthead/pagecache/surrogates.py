"""Surrogate keys: what a stored page shows, recorded while Django renders it.

The key names are built here and nowhere else:

- ``page:<id>``: a page this response links to (a story card, a related story, its
  own canonical link). Changing or unpublishing that page purges this response.
- ``served:<id>``: the Wagtail page this response is. A story published, moved or
  withdrawn below a section or front page purges them (their lists changed).
- ``latest``: any other public response (feeds, sitemaps, tag and author pages,
  JSON endpoints): purged by every story change, as they list recent stories.

The navigation (sections) is site-wide: a change to the front page or a section
bumps the site generation instead (``signal_handlers``), so the section nav on
every page does not make every page depend on every story. Ids, not names, make the
keys, so user-chosen names (tags with odd characters) cannot mint unbounded keys;
a response that links more than ``MAX_KEYS`` pages depends on ``any-page`` instead.
"""

from __future__ import annotations

from contextvars import ContextVar

MAX_KEYS = 300
LATEST = "latest"
ANY_PAGE = "any-page"

_recording: ContextVar[set[str] | None] = ContextVar("surrogate_keys", default=None)


def page_key(page_id) -> str:
    return f"page:{page_id}"


def served_key(page_id) -> str:
    return f"served:{page_id}"


def start_recording():
    """Begin collecting keys for the response rendered in this context."""
    return _recording.set(set())


def stop_recording(token) -> frozenset[str]:
    """The keys collected since ``start_recording`` (bounded, see module doc)."""
    keys = _recording.get() or set()
    _recording.reset(token)
    if not any(key.startswith("served:") for key in keys):
        keys.add(LATEST)
    if len(keys) > MAX_KEYS:
        keys = {key for key in keys if not key.startswith("page:")}
        keys.add(ANY_PAGE)
    return frozenset(keys)


def record(*keys: str) -> None:
    """Note that the response being rendered shows these keys (no-op outside)."""
    recording = _recording.get()
    if recording is not None:
        recording.update(keys)


def record_linked_page(page) -> None:
    recording = _recording.get()
    if recording is not None and page.pk is not None:
        recording.add(page_key(page.pk))


def install_link_recorder() -> None:
    """Record ``page:<id>`` whenever a page's URL is computed during a render.

    Every list, card and link of a story asks for its URL (``pageurl``, ``.url``,
    ``full_url`` all go through ``get_url_parts``), so this finds the pages a
    response shows without each app declaring them. Idempotent.
    """
    from wagtail.models import Page

    if getattr(Page.get_url_parts, "_records_links", False):
        return
    original = Page.get_url_parts

    def get_url_parts(self, request=None):
        record_linked_page(self)
        return original(self, request=request)

    get_url_parts._records_links = True
    Page.get_url_parts = get_url_parts


def keys_for_page_change(page, *, parents=()) -> set[str]:
    """Keys a change to ``page`` (a story) purges: itself wherever it is linked,
    the pages listing below its ancestors (section, front page), and ``latest``.
    ``parents`` adds the ancestors it had before a move."""
    keys = {page_key(page.pk), served_key(page.pk), LATEST, ANY_PAGE}
    for parent in [*parents, page]:
        for ancestor in parent.get_ancestors(inclusive=parent is not page).filter(
            depth__gt=1
        ):
            keys.add(served_key(ancestor.pk))
    return keys
