"""Search results and tag pages: public and the same for every reader."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from masthead.articles.models import ArticlePage
from masthead.feeds import services as feed_services
from masthead.sections.pagination import paginate, paginate_stories

from . import services


@require_safe
def search(request):
    site = feed_services.find_site(request)
    raw = request.GET.get("q", "")
    query = services.clean_query(raw)
    exact = request.GET.get("exact") == "1"  # "search instead for" the reader's words
    outcome = (
        services.search_cached(site, query, exact=exact)
        if query
        else services.SearchOutcome([], query)
    )
    searched = outcome.searched
    # The ranked ids are paginated; only the page's stories are loaded whole.
    page = paginate(outcome.ids, request, per_page=services.PER_PAGE) if query else None
    hits = []
    if page is not None:
        for article in services.load_articles(list(page)):
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
            "searched_label": services.searched_label(searched),
            "corrected": outcome.corrected,
            "shortened": services.is_shortened(raw, query),
            "has_words": bool(services.searched_words(query)),
            "max_words": services.MAX_QUERY_WORDS,
            "results": page,
            "hits": hits,
        },
    )


@require_safe
def tag_page(request, slug):
    site = feed_services.find_site(request)
    tag = feed_services.find_tag(slug)
    # h-archive (issue 15): the tag's stories through the tag's index, a page of
    # ids at a time, no count of the whole list (ArticlePageQuerySet.newest_page).
    articles = (
        ArticlePage.objects.descendant_of(site.root_page)
        .published()
        .tagged(tag)
        .for_listing()
    )
    page = paginate_stories(articles, request, per_page=services.PER_PAGE)
    return render(request, "search/tag_page.html", {"tag": tag, "articles": page})
