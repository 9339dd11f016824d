from django import template

from masthead.core.generation import current_generation

register = template.Library()


@register.simple_tag
def site_generation():
    """The page-cache generation: fragments cached under it are purged with pages."""
    return current_generation()
