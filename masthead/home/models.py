from django.db import connection, models
from django.db.models import F, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber, Substr
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from masthead.articles.models import ArticlePage
from masthead.core import sitecache
from masthead.sections.models import SectionPage

from .curation import arrange_front_page


class HomePage(sitecache.RememberedRestrictionsMixin, Page):
    """The front page: the lead story, the next top stories (picked by editors, or
    else the newest), the latest stories, then a rail per section."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["sections.SectionPage"]
    max_count = 1

    top_story_count = 4
    latest_count = 8
    rail_length = 4

    content_panels = [
        *Page.content_panels,
        InlinePanel(
            "picks",
            label="Story",
            heading="Front page stories",
            help_text="The first story is the lead. Empty places fill with the "
            "newest stories.",
            max_num=1 + top_story_count,
        ),
    ]

    class Meta:
        verbose_name = "front page"

    def route(self, request, path_components):
        # The sections are remembered per site generation (core.sitecache), so an
        # article costs one routing query (see SectionPage.route). A slug not found
        # there (a section added since, say) takes Wagtail's usual way.
        if path_components:
            section = self.sections_by_slug().get(path_components[0])
            if section is not None:
                section._cached_parent_obj = self
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def sections_by_slug(self) -> dict:
        return sitecache.remember(
            ("sections", self.pk),
            lambda: {s.slug: s for s in SectionPage.objects.child_of(self)},
        )

    def arrange_stories(self):
        """The lead, top stories and latest list (``curation.FrontPage``).

        ``self.picks.all()`` reads the editor's unsaved picks in a preview and the
        saved ones otherwise. At most five queries (picks, newest stories, older
        picked stories, and the photos of each), however many picks there are.
        """
        picks = sorted(
            self.picks.all(),
            key=lambda pick: (pick.sort_order is None, pick.sort_order or 0),
        )
        picked_ids = [pick.story_id for pick in picks]
        wanted = {pk for pk in picked_ids if pk is not None}
        stories = ArticlePage.objects.descendant_of(self).published().for_listing()
        length = 1 + self.top_story_count + self.latest_count + len(wanted)
        newest = list(stories.newest_first()[:length])
        readable = {story.pk: story for story in newest if story.pk in wanted}
        # Picks are mostly recent stories: ask only for the older ones.
        if missing := wanted.difference(readable):
            readable.update(
                (story.pk, story) for story in stories.filter(pk__in=missing)
            )
        return arrange_front_page(
            picked_ids=picked_ids,
            readable=readable,
            newest=newest,
            top_story_count=self.top_story_count,
            latest_count=self.latest_count,
        )

    def newest_per_section(self, count: int, sections=None) -> dict[str, list]:
        """The ``count`` newest stories of every section, keyed by the section's
        tree path, in one query however many sections there are.

        On PostgreSQL each section's newest ids are one short walk of the
        section index (``in_section``), joined with UNION ALL inside the query
        that reads the stories: the cost does not grow with the archive. Other
        databases rank every story with a window function (small sites).
        """
        section_path_length = len(self.path) + self.steplen
        stories = ArticlePage.objects.filter(depth=self.depth + 2).published()
        if connection.features.supports_slicing_ordering_in_compound:
            if sections is None:
                sections = list(SectionPage.objects.visible_under(self))
            if not sections:
                return {}
            newest = [
                stories.in_section(section)
                .newest_first()
                .values_list("pk", flat=True)[:count]
                for section in sections
            ]
            ids = newest[0].union(*newest[1:], all=True)
            ranked = (
                # Django compiles the SQL and its parameters from the querysets.
                ArticlePage.objects.filter(
                    pk__in=RawSQL(*ids.query.sql_with_params())  # noqa: S611
                )
                .newest_first()
                .for_listing()
            )
        else:
            ranked = (
                stories.descendant_of(self)
                .annotate(
                    rank=Window(
                        RowNumber(),
                        partition_by=[Substr("path", 1, section_path_length)],
                        order_by=[F("first_published_at").desc(), F("pk").desc()],
                    )
                )
                .filter(rank__lte=count)
                .newest_first()
                .for_listing()
            )
        by_section: dict[str, list] = {}
        for article in ranked:
            by_section.setdefault(article.path[:section_path_length], []).append(
                article
            )
        return by_section

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        front = self.arrange_stories()
        sections = list(SectionPage.objects.visible_under(self))
        newest_by_section = self.newest_per_section(self.rail_length + 1, sections)
        rails = []
        for section in sections:
            # Only the lead is left out of the rails: a rail shows its section's
            # newest stories even when one is also among the top stories.
            stories = [
                article
                for article in newest_by_section.get(section.path, [])
                if article != front.lead
            ][: self.rail_length]
            if stories:
                rails.append((section, stories))
        context.update(
            lead=front.lead,
            top_stories=front.top_stories,
            latest=front.latest,
            rails=rails,
        )
        return context


class FrontPageStory(Orderable):
    """An editor's pick for the front page; the first in order leads."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="picks")
    story = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="front_page_picks"
    )

    panels = [FieldPanel("story")]

    class Meta(Orderable.Meta):
        verbose_name = "front page story"
        verbose_name_plural = "front page stories"

    def __str__(self):
        return f"Front page story {self.sort_order}: {self.story_id}"
