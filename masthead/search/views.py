"""Search results and tag pages: public and the same for every reader."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from masthead.feeds import services as feed_services
from masthead.sections.pagination import paginate

from . import services


@require_safe
def search(request):
    site = feed_services.find_site(request)
    query = services.clean_query(request.GET.get("q", ""))
    exact = request.GET.get("exact") == "1"  # "search instead for" the reader's words
    outcome = services.search_forgiving(site, query, exact=exact)
    searched = outcome.searched
    page = (
        paginate(outcome.results, request, per_page=services.PER_PAGE)
        if query
        else None
    )
    hits = []
    if page is not None:
        for article in page:
            hits.append(
                (
                    article,
                    mark_safe(  # noqa: S308 - highlight() escapes before marking
                        services.highlight(
                            services.article_text(article, searched), searched
                        )
                    ),
                )
            )
    return render(
        request,
        "search/search_results.html",
        {
            "query": query,
            "searched": searched,
            "corrected": outcome.corrected,
            "results": page,
            "hits": hits,
        },
    )


@require_safe
def tag_page(request, slug):
    site = feed_services.find_site(request)
    tag = feed_services.find_tag(slug)
    articles = feed_services.tag_articles(site, tag)
    page = paginate(articles, request, per_page=services.PER_PAGE)
    return render(request, "search/tag_page.html", {"tag": tag, "articles": page})
