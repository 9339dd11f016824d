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
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from lxml import html as lxml_html
from taggit.models import Tag
from wagtail.models import Site

from masthead.articles.models import ArticlePage
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
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site")
    return site


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
    return ArticlePage.objects.child_of(section).published().newest_first()


def tag_articles(site: Site, tag: Tag):
    return published_articles(site).filter(tagged_items__tag=tag).distinct()


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
