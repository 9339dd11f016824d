"""Stories, figures, authors and sections as the API shows them: plain dicts
ready for JSON.

Every URL is absolute (a partner's app has no base to resolve against). Body
blocks are structured data, one object per block (``type``, ``id``, ``value``);
rich text is HTML with links made absolute. Photos come with their alt text,
caption and credit resolved exactly as the page shows them
(``images.figures.resolve_figure``), and with the renditions the page itself uses,
so the API creates no extra image files.
"""

from __future__ import annotations

import logging
import re

from wagtail.rich_text import expand_db_html

from masthead.articles.blocks.media import media_kind
from masthead.articles.blocks.providers import parse_embed_url
from masthead.core.sharing import absolute_url
from masthead.images.figures import Figure, resolve_figure

logger = logging.getLogger("masthead.api")

# The specs the story page's <picture> uses (components/figure.html): shared rows.
RENDITION_FORMATS = ("webp", "jpeg")
RENDITION_WIDTHS = (480, 800, 1200)
RENDITION_SPECS = tuple(
    f"format-{fmt}|width-{width}"
    for fmt in RENDITION_FORMATS
    for width in RENDITION_WIDTHS
)
_RELATIVE_LINK = re.compile(r'(href|src)="(/(?!/)[^"]*)"')


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def absolute_html(html: str, root_url: str) -> str:
    """Rich text's site-relative links made absolute."""
    return _RELATIVE_LINK.sub(
        lambda m: f'{m.group(1)}="{root_url.rstrip("/")}{m.group(2)}"', html
    )


def figure_json(figure: Figure | None, root_url: str) -> dict | None:
    """A photo with its words and renditions, or None when there is no image."""
    if figure is None or figure.image is None:
        return None
    image = figure.image
    try:
        found = image.get_renditions(*RENDITION_SPECS)
    except (OSError, ValueError):  # a missing source file must not break the answer
        logger.warning("renditions of image %s could not be made", image.pk)
        found = {}
    renditions = []
    for spec in RENDITION_SPECS:
        rendition = found.get(spec)
        if rendition is None:
            continue
        renditions.append(
            {
                "url": absolute_url(rendition.url, root_url),
                "width": rendition.width,
                "height": rendition.height,
                "format": spec.split("|")[0].removeprefix("format-"),
            }
        )
    return {
        "image_id": image.pk,
        "alt": figure.alt,
        "caption": figure.caption,
        "credit": figure.credit,
        "copyright_notice": figure.copyright_notice,
        "width": image.width,
        "height": image.height,
        "renditions": renditions,
    }


def person_json(person, root_url: str, *, api_root: str) -> dict:
    return {
        "id": person.pk,
        "name": person.name,
        "slug": person.slug,
        "role": person.role,
        "url": absolute_url(person.get_absolute_url(), root_url),
        "api_url": f"{api_root}authors/{person.slug}/",
    }


def section_json(section, root_url: str, *, api_root: str) -> dict:
    return {
        "id": section.pk,
        "title": section.title,
        "slug": section.slug,
        "url": absolute_url(section.get_url() or "", root_url),
        "stories_url": f"{api_root}stories/?section={section.slug}",
    }


def tag_json(tag) -> dict:
    return {"name": tag.name, "slug": tag.slug}


def correction_json(note) -> dict:
    return {"kind": note.kind, "noted_at": iso(note.noted_at), "text": note.text}


def story_type(story) -> str:
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(story.content_type_id).model
    return model.removesuffix("page") or model


def story_json(story, *, section, root_url: str, api_root: str) -> dict:
    """A story's summary, as lists show it. Its authors, tags and corrections must
    be prefetched (``querysets.with_relations``): nothing here queries."""
    corrections = sorted(
        story.corrections.all(), key=lambda note: (note.noted_at, note.pk or 0)
    )[::-1]
    story.correction_notes = corrections  # updated_at reads them
    source = None
    if story.source_name or story.source_url:
        source = {
            "name": story.source_name,
            "url": story.source_url,
            "published_at": iso(story.source_published_at),
        }
    return {
        "id": story.pk,
        "type": story_type(story),
        "title": story.title,
        "slug": story.slug,
        "language": story.locale.language_code,
        "standfirst": story.standfirst,
        "url": absolute_url(story.get_url() or "", root_url),
        "api_url": f"{api_root}stories/{story.pk}/",
        "first_published_at": iso(story.first_published_at),
        "last_published_at": iso(story.last_published_at),
        "updated_at": iso(story.updated_at),
        "section": section_json(section, root_url, api_root=api_root)
        if section is not None
        else None,
        "authors": [
            person_json(credit.person, root_url, api_root=api_root)
            for credit in story.authors.all()
        ],
        "tags": [tag_json(tag) for tag in story.tags.all()],
        "lead_figure": figure_json(story.lead_figure, root_url),
        "corrections": [correction_json(note) for note in corrections],
        "source": source,
    }


def block_json(block, root_url: str) -> dict:
    """One body block as structured data."""
    kind, value = block.block_type, block.value
    if kind == "paragraph":
        data = {"html": absolute_html(expand_db_html(value.source), root_url)}
    elif kind == "heading":
        data = {"text": str(value)}
    elif kind == "figure":
        data = figure_json(
            resolve_figure(
                value.get("image"),
                alt=value.get("alt") or "",
                caption=value.get("caption") or "",
                credit=value.get("credit") or "",
            ),
            root_url,
        )
    elif kind in ("quote", "post", "pull_quote"):
        data = {name: str(item or "") for name, item in value.items()}
    elif kind == "embed":
        embed = parse_embed_url(value.get("url") or "")
        data = {
            "url": value.get("url") or "",
            "title": value.get("title") or "",
            "caption": value.get("caption") or "",
            "provider": embed.provider.key if embed else None,
        }
    elif kind == "media":
        document = value.get("file")
        found = media_kind(document.file.name) if document is not None else None
        data = {
            "url": absolute_url(document.url, root_url) if document else None,
            "kind": found[0] if found else None,
            "mime_type": found[1] if found else None,
            "title": value.get("title") or (document.title if document else ""),
            "caption": value.get("caption") or "",
            "credit": value.get("credit") or "",
            "transcript": value.get("transcript") or "",
        }
    elif kind == "table":
        data = table_json(value, root_url)
    elif kind == "html":
        data = {"html": absolute_html(str(value), root_url)}  # sanitised on save
    else:  # a block type added later: Wagtail's own representation
        data = block.block.get_api_representation(value)
    return {"type": kind, "id": block.id, "value": data}


def table_json(value, root_url: str) -> dict:
    table = value.get("table")
    columns, rows = [], []
    if table is not None:
        columns = [
            {"type": column["block"].name, "heading": column["heading"]}
            for column in table.columns
        ]
        for row in table.row_data:
            cells = []
            for cell in row["values"]:
                if hasattr(cell, "source"):  # rich text
                    cells.append(absolute_html(expand_db_html(cell.source), root_url))
                else:
                    cells.append("" if cell is None else str(cell))
            rows.append(cells)
    return {
        "caption": getattr(table, "caption", "") or "",
        "columns": columns,
        "rows": rows,
        "first_column_is_header": bool(value.get("first_column_is_header")),
        "source": value.get("source") or "",
    }


def story_detail_json(story, *, section, root_url: str, api_root: str) -> dict:
    data = story_json(story, section=section, root_url=root_url, api_root=api_root)
    data["body"] = [block_json(block, root_url) for block in story.body]
    return data
