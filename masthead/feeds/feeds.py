"""RSS 2.0 and Atom feeds (Django's syndication framework) for the site, a section,
a tag and an author. Each item carries the lead photo as an enclosure and as Media RSS
``media:content`` with its credit, so readers' apps can show who took it."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils import feedgenerator
from django.utils.feedgenerator import rfc3339_date

from . import services

MEDIA_NS = "http://search.yahoo.com/mrss/"


class MediaMixin:
    def root_attributes(self):
        attrs = super().root_attributes()
        attrs["xmlns:media"] = MEDIA_NS
        return attrs

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("lead_image")
        if image is None:
            return
        handler.startElement(
            "media:content",
            {
                "url": image.url,
                "type": image.mime_type,
                "medium": "image",
                "width": str(image.width),
                "height": str(image.height),
                "fileSize": str(image.length),
            },
        )
        if image.credit:
            handler.addQuickElement("media:credit", image.credit)
        if image.caption:
            handler.addQuickElement("media:description", image.caption)
        handler.endElement("media:content")


class MediaRssFeed(MediaMixin, feedgenerator.Rss201rev2Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # RSS 2.0 has no updated date; Atom's element (its namespace is declared
        # on <rss>) tells readers a corrected story changed (issue 13).
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


class MediaAtomFeed(MediaMixin, feedgenerator.Atom1Feed):
    pass


class ArticleFeed(Feed):
    """The site's newest stories.

    Django keeps one Feed instance per URL pattern; these keep per-request state
    (site, image cache), so ``as_view`` makes a fresh instance for every request.
    """

    feed_type = MediaRssFeed

    @classmethod
    def as_view(cls):
        def view(request, *args, **kwargs):
            return cls()(request, *args, **kwargs)

        view.__name__ = cls.__name__
        return view

    def get_object(self, request, *args, **kwargs):
        self.site = services.find_site(request)
        self.root_url = services.site_root_url(self.site)
        self.images = {}
        return self.find_subject(**kwargs)

    def find_subject(self, **kwargs):
        return None

    def articles(self, obj):
        return services.published_articles(self.site)

    def items(self, obj):
        return services.feed_articles(self.articles(obj))

    def title(self, obj):
        return self.site.site_name or "Masthead"

    def link(self, obj):
        from masthead.languages.services import language_root

        return self.root_url + language_root()  # "/", or "/ar/" (issue 20)

    def description(self, obj):
        return f"The latest stories from {self.title(obj)}"

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url()

    def item_guid(self, item):
        return item.get_full_url()

    def item_description(self, item):
        return services.render_item_html(item, self.root_url)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.updated_at or item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        names = services.author_names(item)
        return " and ".join(names) if names else None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def lead_image(self, item):
        if item.pk not in self.images:
            self.images[item.pk] = services.find_lead_image(item, self.root_url)
        return self.images[item.pk]

    def item_enclosures(self, item):
        image = self.lead_image(item)
        if image is None:
            return []
        return [feedgenerator.Enclosure(image.url, str(image.length), image.mime_type)]

    def item_extra_kwargs(self, item):
        return {"lead_image": self.lead_image(item)}


class AtomMixin:
    feed_type = MediaAtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class SiteRssFeed(ArticleFeed):
    pass


class SiteAtomFeed(AtomMixin, ArticleFeed):
    pass


class SectionRssFeed(ArticleFeed):
    def find_subject(self, *, slug):
        return services.find_section(self.site, slug)

    def articles(self, obj):
        return services.section_articles(obj).for_listing()

    def title(self, obj):
        return f"{obj.title} | {self.site.site_name or 'Masthead'}"

    def link(self, obj):
        return obj.get_full_url()


class SectionAtomFeed(AtomMixin, SectionRssFeed):
    pass


class TagRssFeed(ArticleFeed):
    def find_subject(self, *, slug):
        return services.find_tag(slug)

    def articles(self, obj):
        return services.tag_articles(self.site, obj)

    def title(self, obj):
        return f"{obj.name} | {self.site.site_name or 'Masthead'}"

    def link(self, obj):
        return f"{self.root_url}/tags/{obj.slug}/"


class TagAtomFeed(AtomMixin, TagRssFeed):
    pass


class AuthorRssFeed(ArticleFeed):
    def find_subject(self, *, slug):
        return services.find_author(slug)

    def articles(self, obj):
        return services.author_articles(obj)

    def title(self, obj):
        return f"{obj.name} | {self.site.site_name or 'Masthead'}"

    def link(self, obj):
        return self.root_url + obj.get_absolute_url()

    def description(self, obj):
        return (
            f"The latest stories by {obj.name} from {self.site.site_name or 'Masthead'}"
        )


class AuthorAtomFeed(AtomMixin, AuthorRssFeed):
    pass
