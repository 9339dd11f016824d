from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("components/section_nav.html", takes_context=True)
def section_nav(context):
    """The live sections under the site's front page, in the editors' order."""
    from masthead.sections.models import SectionPage

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    sections = []
    if site is not None:
        # h-i18n (issue 20): the sections of the front page in the URL's language.
        sections = SectionPage.objects.visible_under(site.root_page.localized)
    current = context.get("page")
    return {"sections": sections, "current": current, "request": request}
