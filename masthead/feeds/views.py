"""Thin views: JSON Feed, sitemaps and robots.txt. Public, the same for every reader."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from masthead.languages.services import active_language_tag, language_root

from . import jsonfeed, services, sitemaps

XML = "application/xml; charset=utf-8"


def _json_feed_items(articles, root_url):
    full = services.feed_full_content()
    for article in articles:
        image = services.find_lead_image(article, root_url)
        yield jsonfeed.FeedItem(
            url=article.get_full_url(),
            title=article.title,
            # A summary-only item still carries its corrections (issue 13).
            content_html=(
                services.render_item_html(article, root_url)
                if full or article.correction_notes
                else ""
            ),
            summary=services.article_summary(article),
            date_published=article.first_published_at,
            date_modified=article.updated_at or article.last_published_at,
            authors=services.author_names(article),
            tags=[tag.name for tag in article.tags.all()],
            image_url=image.url if image else "",
            image_mime_type=image.mime_type if image else "",
            image_length=image.length if image else 0,
            image_credit=image.credit if image else "",
            image_caption=image.caption if image else "",
        )


def _json_feed_response(request, *, title, home_page_url, articles, description=""):
    site = services.find_site(request)
    root_url = services.site_root_url(site)
    data = jsonfeed.build_json_feed(
        title=title,
        home_page_url=home_page_url,
        feed_url=root_url + request.path,
        description=description or f"The latest stories from {title}",
        items=_json_feed_items(services.feed_articles(articles), root_url),
        language=active_language_tag(),
    )
    return JsonResponse(
        data,
        content_type="application/feed+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def site_json_feed(request):
    site = services.find_site(request)
    return _json_feed_response(
        request,
        title=site.site_name or "Masthead",
        home_page_url=services.site_root_url(site) + language_root(),
        articles=services.published_articles(site),
    )


@require_safe
def section_json_feed(request, slug):
    site = services.find_site(request)
    section = services.find_section(site, slug)
    return _json_feed_response(
        request,
        title=f"{section.title} | {site.site_name or 'Masthead'}",
        home_page_url=section.get_full_url(request),
        articles=services.section_articles(section).for_listing(),
    )


@require_safe
def tag_json_feed(request, slug):
    site = services.find_site(request)
    tag = services.find_tag(slug)
    return _json_feed_response(
        request,
        title=f"{tag.name} | {site.site_name or 'Masthead'}",
        home_page_url=f"{services.site_root_url(site)}/tags/{tag.slug}/",
        articles=services.tag_articles(site, tag),
    )


@require_safe
def author_json_feed(request, slug):
    site = services.find_site(request)
    person = services.find_author(slug)
    site_name = site.site_name or "Masthead"
    return _json_feed_response(
        request,
        title=f"{person.name} | {site_name}",
        home_page_url=services.site_root_url(site) + person.get_absolute_url(),
        articles=services.author_articles(person),
        description=f"The latest stories by {person.name} from {site_name}",
    )


def _entries(rows):
    for row in rows:
        yield sitemaps.SitemapEntry(
            url=row.url,
            lastmod=row.lastmod,
            images=[sitemaps.SitemapImage(url=row.image_url)] if row.image_url else [],
            title=row.title,
            published=row.published,
        )


def _sitemap_page(request) -> int:
    """``?page=N`` of a sitemap split in files (1 when absent); junk is a 404."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or len(raw) > 4 or int(raw) < 1:
        raise Http404("No such sitemap page")
    return int(raw)


@require_safe
def sitemap_index(request):
    """The pages file, each section's files of at most ``SITEMAP_LIMIT`` stories
    (``?page=2`` and on for a bigger section), and the news file: three queries."""
    site = services.find_site(request)
    root_url = services.site_root_url(site)
    entries = [(root_url + reverse("feeds:pages_sitemap"), None)]
    sections = services.list_sections(site)
    sizes = services.section_sitemap_sizes(site, sections)
    for section in sections:
        count, newest = sizes.get(section.pk, (0, None))
        url = root_url + reverse("feeds:section_sitemap", kwargs={"slug": section.slug})
        pages = max(1, -(-count // services.SITEMAP_LIMIT))
        for number in range(1, pages + 1):
            entries.append(
                (
                    url if number == 1 else f"{url}?page={number}",
                    newest or section.last_published_at,
                )
            )
    entries.append((root_url + reverse("feeds:news_sitemap"), None))
    return HttpResponse(sitemaps.build_sitemap_index(entries), content_type=XML)


@require_safe
def pages_sitemap(request):
    """The front page and the section fronts."""
    site = services.find_site(request)
    pages = [site.root_page.specific, *services.list_sections(site)]
    entries = [
        sitemaps.SitemapEntry(url=page.get_full_url(request), lastmod=None)
        for page in pages
    ]
    return HttpResponse(sitemaps.build_url_sitemap(entries), content_type=XML)


@require_safe
def section_sitemap(request, slug):
    """One file of a section's stories, newest first: ``SITEMAP_LIMIT`` (the
    protocol's 50,000) per file, the same few queries for any size."""
    number = _sitemap_page(request)
    site = services.find_site(request)
    section = services.find_section(site, slug)
    start = (number - 1) * services.SITEMAP_LIMIT
    articles = services.section_articles(section)[
        start : start + services.SITEMAP_LIMIT
    ]
    rows = services.sitemap_rows(site, articles)
    if not rows and number > 1:
        raise Http404("No such sitemap page")
    return HttpResponse(sitemaps.build_url_sitemap(_entries(rows)), content_type=XML)


@require_safe
def news_sitemap(request):
    """Stories of the last 48 hours only, as Google News requires."""
    site = services.find_site(request)
    articles = services.recent_news_articles(site)[: services.NEWS_SITEMAP_LIMIT]
    rows = services.sitemap_rows(site, articles, with_images=False)
    return HttpResponse(
        sitemaps.build_news_sitemap(
            _entries(rows),
            publication=site.site_name or "Masthead",
            # ISO 639: "en", "ar" (issue 20).
            language=active_language_tag().split("-")[0].lower(),
        ),
        content_type=XML,
    )


@require_safe
def robots_txt(request):
    from masthead.languages.services import crawl_roots

    site = services.find_site(request)
    root_url = services.site_root_url(site)
    # h-i18n (issue 20): each language's sitemaps, and its search kept out.
    roots = crawl_roots(request)
    sitemap_urls = [
        root_url + root.rstrip("/") + reverse(name)
        for root in roots
        for name in ("feeds:sitemap_index", "feeds:news_sitemap")
    ]
    search = reverse("search:search")
    disallow = [
        *settings.MASTHEAD_CRAWLER_DISALLOWED_PREFIXES,
        *(root.rstrip("/") + search for root in roots if root != "/"),
    ]
    text = sitemaps.build_robots_txt(sitemap_urls=sitemap_urls, disallow=disallow)
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
