"""The front page's rules: which story leads, which fill the top places and which
are listed as the latest. Plain values in and out (no models), so the rules are
tested without a database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FrontPage:
    lead: Any = None
    top_stories: list = field(default_factory=list)
    latest: list = field(default_factory=list)


def arrange_front_page(
    *,
    picked_ids: Iterable[int | None],
    readable: Mapping[int, Any],
    newest: Sequence[Any],
    top_story_count: int,
    latest_count: int,
) -> FrontPage:
    """Fill the lead and the top places from the editors' picks, then the newest.

    ``picked_ids`` are the editors' picks in their order (the first is meant to
    lead); ``readable`` maps the id of every picked story a reader may see to the
    story; ``newest`` is the newest readable stories, newest first, each with a
    ``pk``. A pick missing from ``readable`` (unpublished, private, deleted, under
    another site) is skipped without a word, and the next pick moves up. Places
    the picks leave empty fill with the newest stories not picked. No story is
    shown twice in the top block; ``latest`` lists the newest stories not in it.
    Never fails: with no stories at all, everything is empty.
    """
    places = 1 + top_story_count
    chosen: list = []
    seen: set[int] = set()
    for pk in picked_ids:
        story = readable.get(pk) if pk is not None else None
        if story is None or pk in seen or len(chosen) == places:
            continue
        chosen.append(story)
        seen.add(pk)
    latest: list = []
    for story in newest:
        if story.pk in seen:
            continue
        if len(chosen) < places:
            chosen.append(story)
        elif len(latest) < latest_count:
            latest.append(story)
        else:
            break
        seen.add(story.pk)
    if not chosen:
        return FrontPage()
    return FrontPage(lead=chosen[0], top_stories=chosen[1:], latest=latest)
