"""Structured data (JSON-LD) for the pages around the stories: the front page, a
section, a tag and an author. Articles build their own in ``ArticlePage``."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from masthead.articles import jsonld
from masthead.articles.models import site_publisher_jsonld
from masthead.core.sharing import absolute_url

register = template.Library()


def _script(data: dict) -> str:
    # dumps_for_script escapes "<", ">" and "&": the JSON cannot end the element.
    text = mark_safe(jsonld.dumps_for_script(data))  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', text)


def _site(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return request, site, (site.root_url.rstrip("/") if site else "")


@register.simple_tag(takes_context=True)
def website_jsonld(context):
    """``WebSite`` with the newsroom as publisher, for the front page."""
    request, site, root_url = _site(context)
    if site is None:
        return ""
    return _script(
        jsonld.build_website_jsonld(
            name=site.site_name or "Masthead",
            url=root_url + "/",
            publisher=site_publisher_jsonld(site, request),
        )
    )


@register.simple_tag(takes_context=True)
def breadcrumbs_jsonld(context, title, url):
    """``BreadcrumbList``: the front page, then this page."""
    _request, site, root_url = _site(context)
    if site is None:
        return ""
    crumbs = [
        (site.site_name or "Home", root_url + "/"),
        (str(title), absolute_url(str(url), root_url)),
    ]
    return _script(jsonld.build_breadcrumbs_jsonld(crumbs))


@register.simple_tag(takes_context=True)
def author_jsonld(context, person):
    """``ProfilePage`` about the author, working for the newsroom."""
    request, site, root_url = _site(context)
    if site is None:
        return ""
    image_url = ""
    if person.photo_id:
        try:
            rendition = person.photo.get_rendition("fill-400x400|format-jpeg")
            image_url = absolute_url(rendition.url, root_url)
        except (OSError, ValueError):  # a missing file must not break the page
            image_url = ""
    return _script(
        jsonld.build_profile_page_jsonld(
            name=person.name,
            url=root_url + person.get_absolute_url(),
            job_title=person.role,
            description=person.bio,
            image_url=image_url,
            works_for=site_publisher_jsonld(site, request),
        )
    )
