"""The "Most read" fragment for readers, the counting page, the editors' numbers."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Page

from masthead.pagecache import surrogates

from . import charts, services


@require_GET
def most_read_fragment(request, section_slug: str | None = None):
    """The list as an HTML fragment, stored by the page cache like a page and
    purged (key ``most-read``) when the worker finds the ranking changed."""
    from masthead.sections.models import SectionPage

    section = None
    if section_slug is not None:
        section = SectionPage.objects.visible().filter(slug=section_slug).first()
        if section is None:
            raise Http404("No such section")
    surrogates.record(services.MOST_READ_KEY)
    stories = services.most_read(section)
    return render(
        request,
        "readership/most_read.html",
        {"stories": stories, "section": section},
    )


@require_GET
def about_counting(request):
    from django.conf import settings

    return render(
        request,
        "readership/about_counting.html",
        {"retention_days": settings.MASTHEAD_COUNT_RETENTION_DAYS},
    )


# Admin views (mounted under /admin/readership/ by wagtail_hooks: staff only).


def story(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    path = page.get_url_parts(request)
    if path is None:
        raise Http404("This page has no public address")
    numbers = services.story_numbers(path[2])
    by_day: dict[str, int] = {}
    for hour, views in numbers.hourly:
        day = timezone.localtime(hour).strftime("%a %d %b")
        by_day[day] = by_day.get(day, 0) + views
    return render(
        request,
        "readership/admin/story.html",
        {
            "page": page,
            "path": path[2],
            "numbers": numbers,
            "hourly_bars": charts.bars(
                [
                    (timezone.localtime(hour).strftime("%d %b %H:00"), views)
                    for hour, views in numbers.hourly
                ]
            ),
            "daily": by_day,
        },
    )


def export_csv(request):
    days = 30
    body = services.counts_as_csv(timezone.now() - timedelta(days=days))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="page-views.csv"'
    return response
