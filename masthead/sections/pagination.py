"""Page numbers from the query string: bad values become a 404, never a 500."""

from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404


def paginate(items, request, *, per_page: int) -> Page:
    """Page ``?page=N`` of ``items``; raises Http404 for junk or out-of-range N."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or len(raw) > 6:
        raise Http404("No such page")
    try:
        return Paginator(items, per_page).page(int(raw))
    except EmptyPage:
        raise Http404("No such page") from None
