"""Thin views: JSON Feed, sitemaps and robots.txt. Public, the same for every reader."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from masthead.articles.models import specific_stories

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
        items=_json_feed_items(
            specific_stories(
                list(articles.prefetch_related("corrections")[: services.FEED_LENGTH])
            ),
            root_url,
        ),
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
        home_page_url=services.site_root_url(site) + "/",
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


def _entry(article, root_url, *, with_images=True):
    images = []
    if with_images:
        image = services.find_lead_image(article, root_url)
        if image:
            images.append(sitemaps.SitemapImage(url=image.url, caption=image.caption))
    return sitemaps.SitemapEntry(
        url=article.get_full_url(),
        lastmod=article.last_published_at or article.first_published_at,
        images=images,
        title=article.title,
        published=article.first_published_at,
    )


@require_safe
def sitemap_index(request):
    site = services.find_site(request)
    root_url = services.site_root_url(site)
    entries = [(root_url + reverse("feeds:pages_sitemap"), None)]
    for section in services.list_sections(site):
        newest = services.section_articles(section).first()
        lastmod = newest.last_published_at if newest else section.last_published_at
        url = reverse("feeds:section_sitemap", kwargs={"slug": section.slug})
        entries.append((root_url + url, lastmod))
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
    site = services.find_site(request)
    root_url = services.site_root_url(site)
    section = services.find_section(site, slug)
    articles = services.section_articles(section).for_listing()
    entries = (_entry(a, root_url) for a in articles[: services.SITEMAP_LIMIT])
    return HttpResponse(sitemaps.build_url_sitemap(entries), content_type=XML)


@require_safe
def news_sitemap(request):
    site = services.find_site(request)
    root_url = services.site_root_url(site)
    articles = services.recent_news_articles(site)[: services.NEWS_SITEMAP_LIMIT]
    entries = (_entry(a, root_url, with_images=False) for a in articles)
    return HttpResponse(
        sitemaps.build_news_sitemap(entries, publication=site.site_name or "Masthead"),
        content_type=XML,
    )


@require_safe
def robots_txt(request):
    site = services.find_site(request)
    root_url = services.site_root_url(site)
    text = sitemaps.build_robots_txt(
        sitemap_urls=[
            root_url + reverse("feeds:sitemap_index"),
            root_url + reverse("feeds:news_sitemap"),
        ],
        disallow=settings.MASTHEAD_CRAWLER_DISALLOWED_PREFIXES,
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
