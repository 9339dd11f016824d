from django import template

from masthead.search.services import find_related_articles

register = template.Library()


@register.simple_tag
def related_articles(article):
    """Stories like ``article`` (shared tags, same section), newest weighted up."""
    return find_related_articles(article)
