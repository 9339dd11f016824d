from django.shortcuts import get_object_or_404, render

from masthead.articles.models import ArticlePage
from masthead.sections.pagination import paginate_stories

from .models import Person

STORIES_PER_PAGE = 20


def author(request, slug: str):
    """An author's page: who they are, then their published stories, newest first."""
    person = get_object_or_404(Person.objects.select_related("photo"), slug=slug)
    stories = ArticlePage.objects.published().by(person).newest_first().for_listing()
    return render(
        request,
        "people/author.html",
        {
            "person": person,
            "stories": paginate_stories(stories, request, per_page=STORIES_PER_PAGE),
        },
    )
