"""Page numbers from the query string: bad values become a 404, never a 500.

Story lists (section, tag, author pages) use ``paginate_stories``: no ``COUNT`` of
the whole list (it grows with the archive), one more row than a page to know
whether there is an older page, and the page's ids taken from an index before the
stories themselves are read (``ArticlePageQuerySet.newest_page``). Search results
keep Django's ``Paginator`` (``paginate``): they are capped at 500.
"""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404

MAX_PAGE = 100_000  # beyond any archive at 20 a page; larger numbers are a 404


def page_number(request) -> int:
    """``?page=N`` as a positive int; junk, zero, negative or huge N are a 404."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or len(raw) > 6 or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404("No such page")
    return int(raw)


def paginate(items, request, *, per_page: int) -> Page:
    """Page ``?page=N`` of ``items``; raises Http404 for junk or out-of-range N."""
    number = page_number(request)
    try:
        return Paginator(items, per_page).page(number)
    except EmptyPage:
        raise Http404("No such page") from None


@dataclass
class StoryPage:
    """One page of a story list, shaped like Django's ``Page`` for templates
    (``number``, ``has_next``, …) but without a total: ``paginator`` is None."""

    object_list: list
    number: int
    has_next_page: bool
    paginator: None = field(default=None)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __bool__(self):
        return bool(self.object_list)

    def has_next(self) -> bool:
        return self.has_next_page

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next_page or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate_stories(stories, request, *, per_page: int) -> StoryPage:
    """Page ``?page=N`` of ``stories`` (an ``ArticlePageQuerySet``, newest first);
    a page past the end is a 404 (page 1 of an empty list is an empty page)."""
    number = page_number(request)
    rows = stories.newest_page(offset=(number - 1) * per_page, limit=per_page + 1)
    if not rows and number > 1:
        raise Http404("No such page")
    return StoryPage(rows[:per_page], number, len(rows) > per_page)
