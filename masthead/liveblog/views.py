"""The newest entries of a live blog as JSON, polled by readers' pages.

The same for every reader: the page cache stores it like a page, and publishing
the blog (which is how an entry is added) purges it with everything else.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from .models import LATEST_COUNT, LiveBlogPage


@require_safe
def latest_entries(request, page_id: int):
    """``{"url", "live", "entries": [{"id", "posted_at", "html"}]}``, newest first
    (at most ``LATEST_COUNT``). 404 for a blog readers may not see."""
    blog = LiveBlogPage.objects.filter(pk=page_id).published().first()
    if blog is None:
        raise Http404("No such live blog")
    entries = [
        {
            "id": entry.uid.hex,
            "posted_at": entry.posted_at.isoformat(),
            "html": render_to_string("liveblog/entry.html", {"entry": entry}),
        }
        for entry in blog.newest_entries[:LATEST_COUNT]
    ]
    # The blog's URL also tells the page cache this response shows the blog.
    return JsonResponse({"url": blog.url, "live": blog.is_live, "entries": entries})
