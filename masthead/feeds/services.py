"""What feeds and sitemaps list: the published stories of a site, a section, a tag
or an author.

Everything here reads; nothing writes. Readers, feeds, sitemaps and search share one
rule for what is public (``ArticlePage.objects.published()``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Prefetch, prefetch_related_objects
from django.db.models.functions import Left, Length
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from lxml import html as lxml_html
from taggit.models import Tag
from wagtail.models import Site

from masthead.articles.models import ArticleAuthor, ArticlePage, specific_stories
from masthead.articles.prefetch import prefetch_body_blocks
from masthead.people.models import Person
from masthead.sections.models import SectionPage

FEED_LENGTH = 50
SITEMAP_LIMIT = 50_000  # the sitemaps protocol's cap per file
NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_LIMIT = 1000  # Google News' cap per file


@dataclass(frozen=True)
class LeadImage:
    url: str  # absolute
    length: int
    mime_type: str
    width: int
    height: int
    credit: str
    caption: str
    alt: str


def find_site(request) -> Site:
    """The request's site, its front page in the URL's language (issue 20): feeds,
    sitemaps and search under /ar/ list the Arabic stories only."""
    from masthead.languages.services import localized_site

    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site")
    return localized_site(site)


def site_root_url(site: Site) -> str:
    return site.root_url.rstrip("/")


def published_articles(site: Site):
    return (
        ArticlePage.objects.descendant_of(site.root_page)
        .published()
        .newest_first()
        .for_listing()
    )


def find_section(site: Site, slug: str) -> SectionPage:
    section = (
        SectionPage.objects.visible_under(site.root_page).filter(slug=slug).first()
    )
    if section is None:
        raise Http404("No such section")
    return section


def list_sections(site: Site) -> list[SectionPage]:
    return list(SectionPage.objects.visible_under(site.root_page))


def find_tag(slug: str) -> Tag:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No such tag")
    return tag


def section_articles(section: SectionPage):
    # ``in_section``: the indexed form of ``child_of`` (sections migration 0003).
    return ArticlePage.objects.in_section(section).published().newest_first()


def tag_articles(site: Site, tag: Tag):
    # A subquery, not a join: no DISTINCT over every column of every story.
    return published_articles(site).tagged(tag)


def find_author(slug: str) -> Person:
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        raise Http404("No such author")
    return person


def author_articles(person: Person):
    """The same stories as the author's page lists."""
    return ArticlePage.objects.published().by(person).newest_first().for_listing()


def recent_news_articles(site: Site, *, now: datetime | None = None):
    """Stories first published in the last 48 hours (Google News sitemap rule)."""
    since = (now or timezone.now()) - timedelta(hours=NEWS_SITEMAP_HOURS)
    return published_articles(site).filter(first_published_at__gte=since)


# Sitemaps -----------------------------------------------------------------------
# Built from bare rows, never page objects: a section's file lists up to 50,000
# stories, and building that many pages (with their bodies) took seconds.

SITEMAP_IMAGE_SPEC = "width-1200|format-jpeg"  # the feeds' and share cards' photo
SITEMAP_NEW_RENDITIONS = 20  # made per sitemap request at most


@dataclass(frozen=True)
class SitemapRow:
    url: str
    lastmod: datetime | None
    published: datetime | None
    title: str
    image_url: str = ""


def _page_url(site: Site, url_path: str) -> str:
    """A page's full URL from its ``url_path`` (what ``get_full_url`` gives for a
    page of ``site``), without building the page."""
    from masthead.languages.services import language_root

    root_path = site.root_page.url_path
    return site_root_url(site) + language_root() + url_path[len(root_path) :]


def sitemap_rows(site: Site, articles, *, with_images: bool = True) -> list[SitemapRow]:
    """What a sitemap lists for ``articles``: two queries whatever their number.

    A lead photo is listed when its share rendition exists (made by the story's
    first render or feed, ``find_lead_image``); at most ``SITEMAP_NEW_RENDITIONS``
    missing ones are made per request: making thousands inside one sitemap
    request is what made the file take seconds.
    """
    rows = list(
        articles.prefetch_related(None).values_list(
            "url_path",
            "last_published_at",
            "first_published_at",
            "title",
            "lead_image_id",
        )
    )
    images = {}
    if with_images:
        image_ids = {row[4] for row in rows if row[4] is not None}
        if image_ids:
            from wagtail.images import get_image_model

            renditions = (
                get_image_model()
                .get_rendition_model()
                .objects.filter(image_id__in=image_ids, filter_spec=SITEMAP_IMAGE_SPEC)
            )
            found = {rendition.image_id: rendition for rendition in renditions}
            # A few missing ones are made now (a new story's photo shows at once);
            # an archive's thousands fill in over the next requests and renders.
            missing = sorted(image_ids - set(found))[:SITEMAP_NEW_RENDITIONS]
            for image in get_image_model().objects.filter(pk__in=missing):
                try:
                    found[image.pk] = image.get_rendition(SITEMAP_IMAGE_SPEC)
                except (OSError, ValueError):  # a missing source file: no photo
                    continue
            root_url = site_root_url(site)
            for image_id, rendition in found.items():
                url = rendition.url
                images[image_id] = root_url + url if url.startswith("/") else url
    return [
        SitemapRow(
            url=_page_url(site, url_path),
            lastmod=last or first,
            published=first,
            title=title,
            image_url=images.get(image_id, ""),
        )
        for url_path, last, first, title, image_id in rows
    ]


def section_sitemap_sizes(
    site: Site, sections
) -> dict[int, tuple[int, datetime | None]]:
    """For each section's pk: its number of published stories and the newest
    change among them, in one query (the sitemap index)."""
    by_path = {section.path: section.pk for section in sections}
    if not by_path:
        return {}
    steplen = ArticlePage.steplen
    rows = (
        ArticlePage.objects.descendant_of(site.root_page)
        .published()
        .filter(depth=next(iter(sections)).depth + 1)
        .annotate(parent_path=Left("path", Length("path") - steplen))
        .filter(parent_path__in=list(by_path))
        .values("parent_path")
        .annotate(count=Count("pk"), newest=Max("last_published_at"))
        .order_by()
    )
    return {by_path[row["parent_path"]]: (row["count"], row["newest"]) for row in rows}


def feed_articles(articles, *, limit: int = FEED_LENGTH) -> list[ArticlePage]:
    """The first ``limit`` stories of ``articles`` with what a feed item shows
    (corrections, tags, byline, lead photo), each as its own kind of story, in a
    fixed number of queries whatever ``limit`` is (issue 15: one RSS feed took
    151 queries, three per item)."""
    full_content = feed_full_content()
    if full_content:
        # Renditions are fetched below, for the lead and the body photos at once.
        articles = articles.prefetch_related(None)
    stories = list(
        articles.prefetch_related(
            "corrections",
            "tags",
            Prefetch(
                "authors", queryset=ArticleAuthor.objects.select_related("person")
            ),
        )[:limit]
    )
    prefetched = {story.pk: story._prefetched_objects_cache for story in stories}
    stories = specific_stories(stories)
    for story in stories:
        # A live blog comes back as its own type: give it what was fetched.
        story._prefetched_objects_cache = prefetched[story.pk]
        story.__dict__["byline"] = [credit.person for credit in story.authors.all()]
    if full_content:
        # The bodies' photos in one query, not one per story, then every photo's
        # renditions (lead and body) in one more.
        prefetch_body_blocks(story.body for story in stories)
        photos = [story.lead_image for story in stories if story.lead_image_id]
        photos += body_photos(stories)
        prefetch_related_objects(photos, "renditions")
    return stories


def body_photos(stories) -> list:
    """The photos of the figures in the stories' bodies (already loaded)."""
    return [
        block.value["image"]
        for story in stories
        for block in story.body
        if block.block_type == "figure" and block.value["image"] is not None
    ]


def feed_full_content() -> bool:
    return getattr(settings, "MASTHEAD_FEED_FULL_CONTENT", True)


def absolutise_urls(html: str, root_url: str) -> str:
    """Feed readers resolve relative links inconsistently: make them absolute."""
    return re.sub(
        r'(\s(?:src|href|srcset)=")/(?!/)', lambda m: f"{m.group(1)}{root_url}/", html
    ).replace(", /", f", {root_url}/")


# Attributes only the page's own scripts and Wagtail's editor use: a feed reader
# runs neither (issue 13: item HTML carried ``data-block-key``).
EDITOR_ATTRIBUTE_PREFIXES = ("data-",)
# StreamField's wrapper classes (``w-block-paragraph``) mean nothing to a reader.
WAGTAIL_CLASS_PREFIXES = ("w-", "block-")
# Elements that do nothing outside the page (the embed's click-to-load button).
INERT_IN_FEEDS = ("button", "script", "template", "noscript")


def clean_feed_html(html: str) -> str:
    """``html`` without editor and page-script internals: ``data-*`` attributes,
    StreamField's wrapper classes, buttons and scripts. Text, links,
    images and figures stay as they are."""
    if not html.strip():
        return html
    fragment = lxml_html.fragment_fromstring(html, create_parent="div")
    for element in fragment.xpath(" | ".join(f"//{tag}" for tag in INERT_IN_FEEDS)):
        element.drop_tree()
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        for name in list(element.attrib):
            if name.startswith(EDITOR_ATTRIBUTE_PREFIXES):
                del element.attrib[name]
        classes = element.get("class")
        if classes is not None:
            kept = [
                c for c in classes.split() if not c.startswith(WAGTAIL_CLASS_PREFIXES)
            ]
            if kept:
                element.set("class", " ".join(kept))
            else:
                del element.attrib["class"]
    text = fragment.text or ""
    return text + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in fragment
    )


def render_corrections_html(article: ArticlePage) -> str:
    """The story's corrections and updates, oldest first, each with its date, for
    the end of a feed item (issue 13: readers of a feed see what changed)."""
    notes = sorted(
        getattr(article, "correction_notes", ()), key=lambda note: note.noted_at
    )
    if not notes:
        return ""
    items = "".join(
        format_html(
            '<p><strong>{}, <time datetime="{}">{}</time>:</strong> {}</p>',
            note.get_kind_display(),
            note.noted_at.isoformat(),
            date_format(timezone.localtime(note.noted_at), "j F Y, H:i e"),
            note.text,
        )
        for note in notes
    )
    return f"<hr><h2>Corrections and updates</h2>{items}"


def render_item_html(article: ArticlePage, root_url: str) -> str:
    """A feed item's HTML: the story (or, with full content off, its summary),
    then its corrections; cleaned of editor internals, URLs absolute."""
    if feed_full_content():
        content = render_article_content(article, root_url)
    else:
        summary = article_summary(article)
        content = format_html("<p>{}</p>", summary) if summary else ""
    return clean_feed_html(content + render_corrections_html(article))


def render_article_content(article: ArticlePage, root_url: str) -> str:
    """The story's body as HTML with absolute URLs, its standfirst first."""
    from django.utils.html import escape

    parts = []
    if article.standfirst:
        parts.append(f"<p><strong>{escape(article.standfirst)}</strong></p>")
    parts.append(article.feed_body_html())
    return absolutise_urls("\n".join(parts), root_url)


def article_summary(article: ArticlePage) -> str:
    return article.search_description or article.standfirst or ""


def find_lead_image(article: ArticlePage, root_url: str) -> LeadImage | None:
    """A JPEG rendition of the lead photo for enclosures, share cards and sitemaps,
    with the credit and caption readers see on the page."""
    figure = article.lead_figure
    if figure is None or figure.image is None:
        return None
    try:
        rendition = figure.image.get_rendition("width-1200|format-jpeg")
        length = rendition.file.size
    except (OSError, ValueError):  # a missing source file must not sink a feed
        return None
    url = rendition.url
    if url.startswith("/"):
        url = root_url + url
    return LeadImage(
        url=url,
        length=length,
        mime_type="image/jpeg",
        width=rendition.width,
        height=rendition.height,
        credit=figure.credit,
        caption=figure.caption,
        alt=figure.alt,
    )


def author_names(article: ArticlePage) -> list[str]:
    return [person.name for person in article.byline]
