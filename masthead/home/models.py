from wagtail.models import Page

from masthead.articles.models import ArticlePage
from masthead.sections.models import SectionPage


class HomePage(Page):
    """The front page: the lead story, the next top stories, then a rail per section."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["sections.SectionPage"]
    max_count = 1

    top_story_count = 4
    rail_length = 4

    class Meta:
        verbose_name = "front page"

    def route(self, request, path_components):
        # One query for a section (the common case) instead of two; see SectionPage.
        if path_components:
            section = SectionPage.objects.child_of(self).filter(slug=path_components[0])
            section = section.first()
            if section is not None:
                section._cached_parent_obj = self
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        newest = list(
            ArticlePage.objects.descendant_of(self)
            .published()
            .newest_first()
            .for_listing()[: 1 + self.top_story_count]
        )
        lead = newest[0] if newest else None
        rails = []
        for section in SectionPage.objects.child_of(self).live().public():
            # Only the lead is left out of the rails: a rail shows its section's
            # newest stories even when one is also among the top stories.
            stories = [
                article
                for article in section.articles()[: self.rail_length + 1]
                if article != lead
            ][: self.rail_length]
            if stories:
                rails.append((section, stories))
        context.update(lead=lead, top_stories=newest[1:], rails=rails)
        return context
