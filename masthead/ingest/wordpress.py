"""WordPress exports (WXR): posts and pages become stories, categories sections,
authors people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from django.db import transaction
from wagtail.models import Page

from masthead.people.services import find_or_create_person

from .parsers import ParsedArticle, ParsedFigure
from .parsers.wxr import WxrExport, WxrPost
from .report import ImportFailed, ImportReport
from .saving import save_story
from .sections import ensure_section, get_default_section

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from masthead.people.models import Person


def import_wxr(
    export: WxrExport,
    *,
    section: Page | None = None,
    publish: bool = False,
    user: AbstractBaseUser | None = None,
    fetch_images: bool = True,
    progress: Callable[[int, int, ImportReport], None] | None = None,
) -> ImportReport:
    """Posts and pages become stories, categories sections, authors people.

    Re-running is idempotent: items are found again by their WordPress id.
    """
    report = ImportReport()
    people: dict[str, Person] = {}
    comments = 0
    for done, post in enumerate(export.posts, start=1):
        if progress is not None and done > 1:
            progress(done - 1, len(export.posts), report)
        label = f"{post.kind} {post.id}: {post.parsed.headline or '(untitled)'}"
        comments += post.comments
        try:
            with transaction.atomic():
                if post.author:
                    name = export.authors.get(post.author, post.author)
                    people.setdefault(post.author, find_or_create_person(name=name))
                if post.categories:
                    slug, name = post.categories[0]
                    target = ensure_section(slug, name)
                elif post.kind == "page":
                    target = section or ensure_section("pages", "Pages")
                else:
                    target = section or get_default_section()
            parsed = with_featured_image(post, export)
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
    if progress is not None and export.posts:
        progress(len(export.posts), len(export.posts), report)
    report.skipped.extend(export.skipped)
    if comments:
        report.notes.append(f"{comments} comments skipped (comments are not imported)")
    return report


def with_featured_image(post: WxrPost, export: WxrExport) -> ParsedArticle:
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
