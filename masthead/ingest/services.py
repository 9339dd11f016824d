"""Save a parsed article as a story, through the article services."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from wagtail.models import Page

from masthead.articles import services as articles
from masthead.images.services import create_image

from .body import build_body_blocks
from .fetch import FetchError, fetch_url, get_fetch_limits
from .models import FeedSubscription, ImportedItem
from .parsers import (
    ParsedArticle,
    ParsedFigure,
    ParsedSource,
    decode_text,
    parse_scraped_text,
)
from .parsers.feed import ParsedFeed, parse_feed
from .parsers.html import parse_html
from .parsers.wxr import WxrError, WxrExport, parse_wxr


@transaction.atomic
def import_parsed_article(
    parsed: ParsedArticle,
    *,
    section: Page,
    images: Sequence[Any | None] = (),
    publish: bool = False,
    first_published_at: datetime | None = None,
    authors: Sequence = (),
    tags: Sequence[str] = (),
    user=None,
):
    """Create a draft (or published story) from ``parsed``.

    ``images[i]`` is the stored image for ``parsed.figures[i]``. A figure standing
    before the first paragraph becomes the lead photo. Raises ``ValueError`` for a
    document with no headline or no paragraphs; nothing is saved then.
    """
    if not parsed.headline.strip():
        raise ValueError("the document has no headline")
    if not parsed.paragraphs:
        raise ValueError("the document has no paragraphs")
    images = list(images) or [None] * len(parsed.figures)
    lead = None
    if parsed.figures and parsed.figures[0].position == 0 and images[0] is not None:
        lead = (parsed.figures[0], images[0])
    return articles.create_article(
        section=section,
        headline=parsed.headline,
        standfirst=parsed.standfirst,
        body=build_body_blocks(parsed, images, skip_lead=lead is not None),
        lead_image=lead[1] if lead else None,
        lead_caption=lead[0].caption if lead else "",
        lead_credit=lead[0].credit if lead else "",
        lead_alt=lead[0].alt if lead else "",
        authors=authors,
        tags=tags,
        source_name=parsed.source.name,
        source_url=parsed.source.url,
        source_id=parsed.source.id,
        source_published_at=_parse_published(parsed.published),
        canonical_is_source=bool(parsed.source.url),
        publish=publish,
        first_published_at=first_published_at,
        user=user,
    )


def _parse_published(value: str | None) -> datetime | None:
    try:
        return parse_datetime(value) if value else None
    except ValueError:  # a malformed date in the source is not worth losing a story
        return None


# -- importing from any source ----------------------------------------------------


class ImportFailed(Exception):
    """One item could not be imported; the message says why, in plain words."""


@dataclass
class ImportReport:
    """What a batch did: every item lands in exactly one list."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    articles: list = field(default_factory=list)

    def record(self, status: str, label: str) -> None:
        getattr(self, status).append(label)

    def merge(self, other: ImportReport) -> None:
        for name in ("created", "updated", "skipped", "failed", "notes", "articles"):
            getattr(self, name).extend(getattr(other, name))

    def summary(self) -> str:
        return (
            f"created {len(self.created)}, updated {len(self.updated)}, "
            f"skipped {len(self.skipped)}, failed {len(self.failed)}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "failed": [{"item": item, "reason": why} for item, why in self.failed],
            "notes": self.notes,
        }


@dataclass(frozen=True)
class SourceDocument:
    """Bytes to import and what they are: ``text``, ``html``, ``feed`` or ``wxr``."""

    name: str
    data: bytes
    kind: str
    url: str = ""


def get_max_bytes() -> int:
    return get_fetch_limits()[0]


def read_source(source: str) -> SourceDocument:
    """Read a file path or fetch a URL. Raises ``ImportFailed`` with the reason."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        try:
            fetched = fetch_url(source)
        except FetchError as exc:
            raise ImportFailed(str(exc)) from exc
        name = urlsplit(fetched.url).path.rsplit("/", 1)[-1]
        return read_bytes(
            fetched.content, name, url=fetched.url, content_type=fetched.content_type
        )
    path = Path(source)
    if not path.is_file():
        raise ImportFailed(f"{source}: no such file")
    if path.stat().st_size > get_max_bytes():
        raise ImportFailed(
            f"{path.name}: larger than the "
            f"{get_max_bytes() // (1024 * 1024)} MB import limit"
        )
    return read_bytes(path.read_bytes(), path.name)


def read_bytes(
    data: bytes, name: str, *, url: str = "", content_type: str = ""
) -> SourceDocument:
    """Check and classify uploaded or fetched bytes. Raises ``ImportFailed``."""
    label = name or url or "the document"
    if len(data) > get_max_bytes():
        raise ImportFailed(
            f"{label}: larger than the {get_max_bytes() // (1024 * 1024)} MB "
            "import limit"
        )
    if not data.strip():
        raise ImportFailed(f"{label}: the file is empty")
    if is_binary(data):
        raise ImportFailed(
            f"{label}: this is a binary file, not text, HTML or XML (a picture, a "
            "PDF or a word-processor file cannot be imported; export it as text)"
        )
    return SourceDocument(
        name=label, data=data, kind=detect_kind(name, data, content_type), url=url
    )


def is_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(byte < 9 or 13 < byte < 32 for byte in head)
    return controls > len(head) * 0.05


def detect_kind(name: str, data: bytes, content_type: str = "") -> str:
    suffix = Path(name).suffix.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in {".txt", ".text"}:
        return "text"
    if suffix in {".html", ".htm"}:
        return "html"
    is_xml = head.startswith((b"<?xml", b"<rss", b"<feed", b"<!doctype rss"))
    if suffix in {".xml", ".rss", ".atom", ".wxr"} or is_xml:
        if b"wordpress.org/export" in data[:20000]:
            return "wxr"
        return "feed"
    if "html" in content_type or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if re.search(rb"<(?:p|div|article|body|head)\b", head):
        return "html"
    return "text"


def parse_document(document: SourceDocument):
    """The parsed form(s): a ``ParsedArticle``, or a ``ParsedFeed``/``WxrExport``."""
    if document.kind == "text":
        parsed = parse_scraped_text(
            decode_text(document.data),
            source=ParsedSource(url=document.url, id=document.url),
        )
    elif document.kind == "html":
        parsed = parse_html(document.data, url=document.url)
    elif document.kind == "feed":
        feed = parse_feed(document.data, url=document.url)
        if feed.error:
            raise ImportFailed(f"{document.name}: {feed.error}")
        return feed
    else:
        try:
            return parse_wxr(document.data)
        except WxrError as exc:
            raise ImportFailed(f"{document.name}: {exc}") from exc
    if not parsed.headline or not parsed.paragraphs:
        what = "no headline" if not parsed.headline else "no paragraphs"
        raise ImportFailed(
            f"{document.name}: nothing to import ({what} found after removing "
            f"{len(parsed.removed)} lines of site chrome)"
        )
    return parsed


def describe_parsed(result) -> Any:
    """The JSON form ``--dry-run --json`` prints: one dict, or a list for batches."""
    if isinstance(result, ParsedArticle):
        return result.to_dict()
    if isinstance(result, ParsedFeed):
        return [item.parsed.to_dict() for item in result.items]
    return [post.parsed.to_dict() for post in result.posts]


def import_document(
    document: SourceDocument,
    *,
    section: Page | None = None,
    publish: bool = False,
    user=None,
    fetch_images: bool = True,
) -> ImportReport:
    """Import a read document; each story in its own transaction."""
    report = ImportReport()
    try:
        result = parse_document(document)
    except ImportFailed as exc:
        report.failed.append((document.name, str(exc)))
        return report
    if isinstance(result, WxrExport):
        return import_wxr(
            result,
            section=section,
            publish=publish,
            user=user,
            fetch_images=fetch_images,
        )
    section = section or get_default_section()
    if isinstance(result, ParsedFeed):
        for item in result.items:
            _import_one(
                report,
                item.parsed,
                section=section,
                publish=publish,
                guid=item.guid,
                url=item.link,
                user=user,
                fetch_images=fetch_images,
            )
        return report
    guid = result.source.id or "sha256:" + hashlib.sha256(document.data).hexdigest()
    _import_one(
        report,
        result,
        section=section,
        publish=publish,
        guid=guid,
        url=result.source.url,
        user=user,
        fetch_images=fetch_images,
    )
    return report


def _import_one(report: ImportReport, parsed: ParsedArticle, **options) -> None:
    label = parsed.headline or options.get("url") or "(untitled)"
    try:
        status, article, notes = save_story(parsed, **options)
    except ImportFailed as exc:
        report.failed.append((label, str(exc)))
        return
    report.record(status, label)
    report.notes.extend(notes)
    if article is not None:
        report.articles.append(article)


def save_story(
    parsed: ParsedArticle,
    *,
    section: Page,
    publish: bool = False,
    guid: str = "",
    url: str = "",
    feed=None,
    user=None,
    authors: Sequence = (),
    tags: Sequence[str] = (),
    fetch_images: bool = True,
    redirect_from: str = "",
):
    """Create, update or skip one story; returns ``(status, article, notes)``.

    The item is found again by GUID, else URL. Unchanged content is skipped; changed
    content becomes a new revision of the same story (published only when
    ``publish`` and the story is live). Everything is written in one transaction:
    a failure leaves nothing behind. Raises ``ImportFailed``.
    """
    if not parsed.headline.strip():
        raise ImportFailed("the document has no headline")
    if not parsed.paragraphs:
        raise ImportFailed("the document has no paragraphs")
    digest = _digest(parsed, authors, tags)
    existing = find_imported_item(guid=guid, url=url)
    if existing is not None and existing.article is None and feed is not None:
        # An editor deleted the story this item became: the next poll must not
        # bring it back. (Importing it again by hand still does.)
        return (
            "skipped",
            None,
            [f"{parsed.headline}: deleted by an editor, not re-imported"],
        )
    if existing is not None and existing.article is not None:
        if existing.digest == digest:
            return "skipped", existing.article, []
    images, missing, notes = (
        collect_images(parsed)
        if fetch_images
        else ([None] * len(parsed.figures), [], [])
    )
    if not fetch_images and parsed.figures:
        missing = [
            _figure_record(f, "pictures were not fetched") for f in parsed.figures
        ]
    try:
        with transaction.atomic():
            if existing is not None and existing.article is not None:
                article = update_imported_article(
                    existing.article,
                    parsed,
                    images=images,
                    publish=publish,
                    authors=authors,
                    tags=tags,
                    user=user,
                )
                status = "updated"
                record = existing
            else:
                article = import_parsed_article(
                    parsed,
                    section=section,
                    images=images,
                    publish=publish,
                    authors=authors,
                    tags=tags,
                    user=user,
                )
                status = "created"
                record = existing or ImportedItem()
            record.guid, record.url = guid[:500], url[:500]
            record.article, record.digest = article, digest
            record.feed = feed or record.feed
            record.missing_figures = missing
            record.save()
            if redirect_from:
                record_redirect(redirect_from, article)
    except (ValueError, ValidationError, DatabaseError) as exc:
        raise ImportFailed(f"could not be saved ({exc})") from exc
    return status, article, notes


def find_imported_item(*, guid: str = "", url: str = "") -> ImportedItem | None:
    if guid:
        found = ImportedItem.objects.filter(guid=guid[:500]).first()
        if found is not None:
            return found
    if url:
        return ImportedItem.objects.filter(url=url[:500]).first()
    return None


def update_imported_article(
    article, parsed: ParsedArticle, *, images, publish, authors, tags, user
):
    """Put ``parsed`` into a new revision of ``article`` (kept a draft unless
    ``publish`` and the story is already live)."""
    from masthead.articles.models import ArticleAuthor

    article = article.specific
    images = list(images) or [None] * len(parsed.figures)
    lead = None
    if parsed.figures and parsed.figures[0].position == 0 and images[0] is not None:
        lead = (parsed.figures[0], images[0])
    article.title = parsed.headline.strip()[:255]
    article.draft_title = article.title
    article.standfirst = parsed.standfirst.strip()
    article.body = build_body_blocks(parsed, images, skip_lead=lead is not None)
    article.lead_image = lead[1] if lead else None
    article.lead_caption = lead[0].caption if lead else ""
    article.lead_credit = lead[0].credit if lead else ""
    article.lead_alt = lead[0].alt if lead else ""
    article.source_name = parsed.source.name
    article.source_url = parsed.source.url
    article.source_published_at = _parse_published(parsed.published)
    if authors:
        article.authors = [ArticleAuthor(person=person) for person in authors]
    if tags:
        article.tags.set(list(tags))
    revision = article.save_revision(user=user, log_action=True)
    if publish and article.live:
        revision.publish(user=user)
        article.refresh_from_db()
    return article


def collect_images(parsed: ParsedArticle):
    """Fetch each figure's picture into the image library with its credit.

    Returns ``(images, missing, notes)``: ``images[i]`` is None where the picture
    could not be had; ``missing`` keeps such figures' metadata for the editor.
    """
    images, missing, notes = [], [], []
    for figure in parsed.figures:
        if not figure.src.startswith(("http://", "https://")) or figure.kind != "image":
            reason = "no address to fetch" if not figure.src else "not fetchable"
            images.append(None)
            missing.append(_figure_record(figure, reason))
            notes.append(
                f"picture not imported ({reason}): "
                f"{figure.caption or figure.alt or '(no caption)'}"
                f"{' — ' + figure.credit if figure.credit else ''}; its caption and "
                "credit are kept on the import record"
            )
            continue
        try:
            fetched = fetch_url(figure.src)
            with transaction.atomic():
                image = create_image(
                    title=(figure.caption or figure.alt or parsed.headline)[:255],
                    filename=_image_filename(fetched.url),
                    content=fetched.content,
                    alt=figure.alt,
                    credit=figure.credit,
                    caption=figure.caption,
                )
        except (FetchError, ValidationError, OSError, ValueError) as exc:
            images.append(None)
            missing.append(_figure_record(figure, str(exc)))
            notes.append(f"picture not imported ({figure.src}): {exc}")
            continue
        images.append(image)
    return images, missing, notes


def _figure_record(figure: ParsedFigure, reason: str) -> dict[str, Any]:
    return {**figure.to_dict(), "reason": reason}


def _image_filename(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1] or "picture.jpg"
    name = re.sub(r"[^\w.-]", "-", name)[-80:]
    return name if "." in name else f"{name}.jpg"


def _digest(parsed: ParsedArticle, authors, tags) -> str:
    data = {
        "parsed": parsed.to_dict(),
        "authors": [str(a) for a in authors],
        "tags": sorted(str(t) for t in tags),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def record_redirect(old_url: str, article) -> None:
    """Send the old permalink to the story (updated when it already exists)."""
    from wagtail.contrib.redirects.models import Redirect

    path = Redirect.normalise_path(old_url)
    if path in {"", "/"}:
        return
    Redirect.objects.update_or_create(
        old_path=path[:255],
        site=None,
        defaults={"redirect_page": article, "redirect_link": "", "is_permanent": True},
    )


# -- sections and people ----------------------------------------------------------


def get_home_page():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        raise ImportFailed(
            "no site is set up yet: run `masthead demo` or migrate first"
        )
    return site.root_page.specific


def get_default_section():
    from masthead.sections.models import SectionPage

    section = SectionPage.objects.order_by("path").first()
    return section or ensure_section("news", "News")


def find_section(slug: str):
    from masthead.sections.models import SectionPage

    section = SectionPage.objects.filter(slug=slug).order_by("path").first()
    if section is None:
        known = ", ".join(SectionPage.objects.values_list("slug", flat=True)) or "none"
        raise ImportFailed(f"no section with the slug {slug!r} (sections: {known})")
    return section


def ensure_section(slug: str, name: str):
    """The section ``slug`` under the site's home page, created (live) if missing."""
    from masthead.sections.models import SectionPage

    home = get_home_page()
    slug = slugify(slug)[:50] or "news"
    section = SectionPage.objects.child_of(home).filter(slug=slug).first()
    if section is None:
        section = home.add_child(instance=SectionPage(title=name or slug, slug=slug))
        section.save_revision().publish()
    return section.specific


def ensure_person(name: str):
    from masthead.people.models import Person

    person = Person.objects.filter(name=name).first()
    if person is None:
        slug, n = slugify(name)[:130] or "person", 1
        base = slug
        while Person.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        person = Person.objects.create(name=name[:120], slug=slug)
    return person


# -- WordPress --------------------------------------------------------------------


def import_wxr(
    export: WxrExport,
    *,
    section: Page | None = None,
    publish: bool = False,
    user=None,
    fetch_images: bool = True,
) -> ImportReport:
    """Posts and pages become stories, categories sections, authors people.

    Re-running is idempotent: items are found again by their WordPress id.
    """
    report = ImportReport()
    people = {}
    comments = 0
    for post in export.posts:
        label = f"{post.kind} {post.id}: {post.parsed.headline or '(untitled)'}"
        comments += post.comments
        try:
            with transaction.atomic():
                if post.author:
                    name = export.authors.get(post.author, post.author)
                    people.setdefault(post.author, ensure_person(name))
                if post.categories:
                    slug, name = post.categories[0]
                    target = ensure_section(slug, name)
                elif post.kind == "page":
                    target = section or ensure_section("pages", "Pages")
                else:
                    target = section or get_default_section()
            parsed = _with_featured_image(post, export)
            status, article, notes = save_story(
                parsed,
                section=target,
                publish=publish and post.status == "publish",
                guid=parsed.source.id,
                url=post.link,
                user=user,
                authors=[people[post.author]] if post.author else [],
                tags=post.tags,
                fetch_images=fetch_images,
                redirect_from=post.link,
            )
        except ImportFailed as exc:
            report.failed.append((label, str(exc)))
            continue
        report.record(status, label)
        report.notes.extend(notes)
        report.articles.append(article)
    report.skipped.extend(export.skipped)
    if comments:
        report.notes.append(f"{comments} comments skipped (comments are not imported)")
    return report


def _with_featured_image(post, export: WxrExport) -> ParsedArticle:
    attachment = export.attachments.get(post.thumbnail_id)
    parsed = post.parsed
    if attachment is None or any(f.src == attachment.url for f in parsed.figures):
        return parsed
    lead = ParsedFigure(
        alt=attachment.alt,
        caption=attachment.caption,
        credit=attachment.credit,
        src=attachment.url,
        position=0,
    )
    return replace(parsed, figures=(lead, *parsed.figures))


# -- feeds ------------------------------------------------------------------------


def poll_feed(subscription: FeedSubscription, *, user=None) -> ImportReport:
    """Fetch one subscription and import its items; errors are kept on it."""
    report = ImportReport()
    try:
        fetched = fetch_url(subscription.url)
        feed = parse_feed(fetched.content, url=fetched.url)
        if feed.error:
            raise ImportFailed(f"{subscription.url}: {feed.error}")
    except (FetchError, ImportFailed) as exc:
        report.failed.append((subscription.name, str(exc)))
    else:
        section = subscription.section.specific
        for item in feed.items:
            _import_one(
                report,
                item.parsed,
                section=section,
                publish=subscription.publish,
                guid=item.guid,
                url=item.link,
                feed=subscription,
                user=user,
            )
    subscription.last_polled_at = timezone.now()
    subscription.last_error = "\n".join(f"{i}: {why}" for i, why in report.failed)
    subscription.last_summary = report.summary()[:255]
    subscription.save(update_fields=["last_polled_at", "last_error", "last_summary"])
    return report


def poll_feeds() -> ImportReport:
    """The worker's periodic job: poll every active subscription in turn."""
    report = ImportReport()
    for subscription in FeedSubscription.objects.filter(active=True):
        report.merge(poll_feed(subscription))
    return report
