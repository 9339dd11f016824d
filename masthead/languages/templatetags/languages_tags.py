"""``<html lang dir>``, hreflang links and the language switcher.

Everything here depends only on the URL (its language) and the page, never on
the reader, so pages stay cacheable for every reader alike.
"""

from django import template
from django.utils import translation

from .. import services

register = template.Library()


@register.simple_tag
def html_language():
    """The ``lang`` of the page being rendered (the active language, BCP 47)."""
    return services.active_language_tag()


@register.simple_tag
def html_direction():
    return "rtl" if services.is_rtl(translation.get_language() or "en") else "ltr"


@register.simple_tag
def script_url(view_name, *args):
    """``{% url %}`` for an endpoint the page's scripts call or its forms post
    to, carrying ``?lang=`` in a non-default language: those endpoints live
    outside the language prefix (issue 20). Depends on the page's language only."""
    from django.urls import reverse

    return services.with_language(reverse(view_name, args=args))


@register.simple_tag(takes_context=True)
def front_page_alternates(context):
    """The front page in each language (no query), for the header's switcher and
    for pages without translations of their own."""
    request = context.get("request")
    return services.front_page_alternates(request) if request else []


@register.inclusion_tag("languages/alternate_links.html")
def alternate_links(alternates):
    """``<link rel="alternate" hreflang>`` for each version, and x-default (the
    default language's version, else the first)."""
    from django.conf import settings

    default = next(
        (a for a in alternates if a.language == settings.LANGUAGE_CODE),
        alternates[0] if alternates else None,
    )
    return {"alternates": alternates, "default": default}


@register.inclusion_tag("languages/switcher.html")
def language_switcher(alternates, label=""):
    return {"alternates": alternates, "label": label}
