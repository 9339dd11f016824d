"""Pictures that arrive after their story: an imported figure whose picture could
not be fetched is saved as a placeholder (a figure block with no image, its
caption, credit and alt kept), and listed on the import record. The worker
(``fill_missing_figures``, registered in ``apps.py``) fetches it again, puts the
picture into the placeholder, and publishes that revision when the story was live
with nothing else pending. After ``MAX_ATTEMPTS`` tries the placeholder is left
to an editor (the draft shows it with its caption, waiting for a picture)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.db import transaction

from .models import ImportedItem
from .parsers import ParsedFigure
from .pictures import PICTURE_ERRORS, can_arrive_later, fetch_picture

if TYPE_CHECKING:
    from masthead.images.models import NewsImage

logger = logging.getLogger(__name__)

BATCH = 50


def describe_pending_pictures(article_id: int) -> str:
    """What the editor of story ``article_id`` is told about its imported
    pictures that have not arrived ("" when none are missing)."""
    missing = [
        entry
        for record in ImportedItem.objects.filter(article_id=article_id).only(
            "missing_figures"
        )
        for entry in record.missing_figures
    ]
    if not missing:
        return ""
    waiting = sum(1 for entry in missing if can_arrive_later(entry))
    given_up = len(missing) - waiting
    parts = []
    if waiting:
        parts.append(
            f"{waiting} imported picture{'s are' if waiting > 1 else ' is'} "
            "still being fetched; readers see nothing in their place until "
            "they arrive"
        )
    if given_up:
        parts.append(
            f"{given_up} imported picture{'s' if given_up > 1 else ''} could not "
            "be fetched: choose an image for the empty figure or remove it"
        )
    return "; ".join(parts) + "."


def fill_missing_figures(limit: int = BATCH) -> int:
    """The worker's periodic job: try the waiting pictures of up to ``limit``
    imported stories; returns how many pictures arrived."""
    arrived = 0
    records = ImportedItem.objects.filter(article__isnull=False).exclude(
        missing_figures=[]
    )
    for record in records.order_by("last_imported_at")[: limit * 4]:
        if not any(can_arrive_later(e) for e in record.missing_figures):
            continue
        arrived += fill_record(record)
        limit -= 1
        if limit <= 0:
            break
    return arrived


def fill_record(record: ImportedItem) -> int:
    """Fetch ``record``'s waiting pictures into their placeholders; returns how
    many arrived. Failures count an attempt and stay on the record."""
    if record.article is None:
        return 0
    fetched: list[tuple[dict[str, Any], NewsImage]] = []
    still: list[dict[str, Any]] = []
    for entry in record.missing_figures:
        if not can_arrive_later(entry):
            still.append(entry)
            continue
        figure = ParsedFigure.from_dict(entry)
        try:
            image = fetch_picture(figure, record.article.title)
        except PICTURE_ERRORS as exc:
            still.append(
                {
                    **entry,
                    "reason": str(exc),
                    "attempts": int(entry.get("attempts") or 0) + 1,
                }
            )
            continue
        fetched.append((entry, image))
    if fetched:
        with transaction.atomic():
            place_pictures(record, fetched)
    record.missing_figures = still
    record.save(update_fields=["missing_figures"])
    return len(fetched)


def place_pictures(
    record: ImportedItem, fetched: list[tuple[dict[str, Any], NewsImage]]
) -> None:
    """Put each picture into its placeholder in a new revision of the story.

    The placeholder is the first figure block with no image and the same caption,
    credit and alt; an editor who removed it has the picture in the library only.
    A placeholder at the very top, for a story with no lead photo, becomes the
    lead photo (as it would have on import). The revision is published when the
    story is live with no other changes waiting.
    """
    if record.article is None:
        return
    article = record.article.specific
    was_live = article.live and not article.has_unpublished_changes
    story = article.get_latest_revision_as_object()
    changed = False
    for entry, image in fetched:
        for index, block in enumerate(story.body):
            value = block.value
            if block.block_type != "figure" or value.get("image") is not None:
                continue
            if (
                (value.get("caption") or "") != entry.get("caption", "")
                or (value.get("credit") or "") != entry.get("credit", "")
                or (value.get("alt") or "") != entry.get("alt", "")
            ):
                continue
            if index == 0 and entry.get("position") == 0 and not story.lead_image:
                story.lead_image = image
                story.lead_caption = value.get("caption") or ""
                story.lead_credit = value.get("credit") or ""
                story.lead_alt = value.get("alt") or ""
                del story.body[index]
            else:
                value["image"] = image
            changed = True
            break
    if not changed:
        return
    last_published_at = article.last_published_at
    revision = story.save_revision(log_action=True)
    if was_live:
        revision.publish()
        # A picture arriving is not news: the story keeps its "updated" time.
        type(article).objects.filter(pk=article.pk).update(
            last_published_at=last_published_at
        )
    logger.info("pictures arrived for %s: %d", article.pk, len(fetched))
