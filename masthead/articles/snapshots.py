"""Render snapshots: an article's own HTML, rendered once per published revision.

A cold article (a page-cache miss) used to build its byline, corrections, tags,
body blocks with their photos, and JSON-LD on every render: five queries and most
of the CPU of the page. Everything in ``articles/article_head.html`` and
``articles/article_content.html`` depends only on

- the live revision, its publication times and its place in the tree (URL),
- rows every page shows, whose change bumps the site generation (``core.purge``:
  photos, people, tags, newsroom settings; sections and the site),
- the pages it links to (rich-text links, its section): their surrogate keys,
  recorded while it renders (``pagecache.surrogates``),
- the host it is served on (relative or absolute links),
- this code and its templates (``_code_fingerprint``).

So the two fragments are stored in the shared cache under a key made of all but
the linked pages, with the versions of those pages' keys; a render whose key
matches and whose linked pages were not purged since reuses them (one cache read,
no query). Related stories change whenever a neighbouring story is published and
with time, so they are kept apart (``related_html``): until any story changes (the
``latest`` surrogate key) or for ten minutes at most.

A snapshot is built by the first render after a publish (or a purge that touches
it), exactly like the page cache fills; it is never served when the site
generation cannot be read (Redis down): then every render builds the page as before.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from masthead.core import generation
from masthead.pagecache import surrogates

logger = logging.getLogger("masthead.articles")

CACHE_ALIAS = "default"
PREFIX = "article-snapshot:"
# Long enough for an archive story to be read again; a publish or a generation
# change makes a new key anyway (the old entry just expires).
TIMEOUT = 7 * 24 * 3600
HEAD_TEMPLATE = "articles/article_head.html"
CONTENT_TEMPLATE = "articles/article_content.html"
# Related stories: remembered apart, for a short time (see related_html).
RELATED_PREFIX = "article-related:"
RELATED_TEMPLATE = "search/related.html"
RELATED_TIMEOUT = 600

_fingerprint: list[str] = []


@dataclass(frozen=True)
class Snapshot:
    head: str
    content: str
    # (surrogate key, version when rendered) of the pages it links to.
    deps: tuple[tuple[str, int], ...] = ()
    # (id, name, slug) of the story's tags: related stories need them on every
    # render, and they change only with a revision or a generation.
    tags: tuple[tuple[int, str, str], ...] = ()

    def tag_objects(self) -> list:
        from taggit.models import Tag

        return [Tag(pk=pk, name=name, slug=slug) for pk, name, slug in self.tags]

    def fragments(self) -> dict[str, SafeString]:
        # Both were rendered by Django's autoescaping templates.
        return {
            "head": mark_safe(self.head),  # noqa: S308
            "content": mark_safe(self.content),  # noqa: S308
        }


def _code_fingerprint() -> str:
    """Size and modification time of every template and module of the package: a
    deploy that changes how an article renders never serves an older snapshot."""
    if not _fingerprint:
        digest = hashlib.blake2b(digest_size=8)
        root = Path(__file__).resolve().parent.parent
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".py", ".txt") and "tests" not in path.parts:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        _fingerprint.append(digest.hexdigest())
    return _fingerprint[0]


def snapshot_key(page, request, prefix: str = PREFIX) -> str | None:
    """The key of ``page``'s snapshot for this request, or None (never snapshot)."""
    site_generation = generation.current_generation()
    if site_generation is None or page.live_revision_id is None:
        return None
    published = page.last_published_at.timestamp() if page.last_published_at else 0
    where = hashlib.blake2b(
        # The language too: the same page renders its words in the URL's language.
        f"{request.get_host()}|{request.scheme}|{page.url_path}|"
        f"{translation.get_language()}".encode(),
        digest_size=8,
    ).hexdigest()
    return (
        f"{prefix}{page.pk}:{page.live_revision_id}:{published}:{where}:"
        f"{site_generation}:{_code_fingerprint()}"
    )


def fetch(key: str) -> Snapshot | None:
    """The stored snapshot, if the pages it links to were not purged since."""
    try:
        snapshot = caches[CACHE_ALIAS].get(key)
    except Exception:  # a sick cache must not break the page: render it
        logger.exception("article snapshot read failed")
        return None
    if not isinstance(snapshot, Snapshot):
        return None
    if snapshot.deps:
        versions = generation.key_versions([k for k, _ in snapshot.deps])
        if versions is None or any(versions.get(k) != v for k, v in snapshot.deps):
            return None
    return snapshot


def build(key: str | None, context: dict, request) -> Snapshot:
    """Render the two fragments with the page's full context (and store them)."""
    rendered_at_ns = time.time_ns()
    token = surrogates.start_recording()
    try:
        head = render_to_string(HEAD_TEMPLATE, context, request)
        content = render_to_string(CONTENT_TEMPLATE, context, request)
    finally:
        # stop_recording adds "latest" to a response that is no page; the
        # fragments are part of one.
        keys = surrogates.stop_recording(token) - {surrogates.LATEST}
    surrogates.record(*keys)  # the response itself shows these pages too
    page = context["page"]
    snapshot = Snapshot(
        head=head,
        content=content,
        tags=tuple((tag.pk, tag.name, tag.slug) for tag in page.topic_tags),
    )
    if key is not None:
        _store(key, snapshot, keys, rendered_at_ns)
    return snapshot


def related_html(page, context: dict, request) -> SafeString | None:
    """The related-stories aside, remembered for ``RELATED_TIMEOUT`` until a story
    changes (the ``latest`` surrogate key) or a page it links to does; None when
    the site generation cannot be read (the template renders it then)."""
    key = snapshot_key(page, request, prefix=RELATED_PREFIX)
    if key is None:
        return None
    found = fetch(key)
    if found is not None:
        replay(found)
        return found.fragments()["content"]
    rendered_at_ns = time.time_ns()
    token = surrogates.start_recording()
    try:
        content = render_to_string(RELATED_TEMPLATE, context, request)
    finally:
        keys = surrogates.stop_recording(token) - {surrogates.LATEST}
    surrogates.record(*keys)
    # Every story published or changed may be a better match: "latest" is purged
    # by each story change; the timeout bounds how old the recency weighting gets.
    _store(
        key,
        Snapshot(head="", content=content),
        keys | {surrogates.LATEST},
        rendered_at_ns,
        timeout=RELATED_TIMEOUT,
    )
    return mark_safe(content)  # noqa: S308 (rendered by an autoescaping template)


def _store(
    key: str, snapshot: Snapshot, keys, rendered_at_ns: int, *, timeout=TIMEOUT
) -> None:
    versions = generation.read_key_versions(keys) if keys else {}
    if versions is None or any(v >= rendered_at_ns for v in versions.values()):
        return  # a linked page changed while this rendered: maybe stale, keep none
    snapshot = replace(snapshot, deps=tuple(sorted(versions.items())))
    try:
        caches[CACHE_ALIAS].set(key, snapshot, timeout=timeout)
    except Exception:
        logger.exception("article snapshot store failed")


def replay(snapshot: Snapshot) -> None:
    """A reused snapshot's linked pages are what this response shows too."""
    surrogates.record(*(key for key, _ in snapshot.deps))
