from django import template
from wagtail.models import Site

from masthead.core import sharing

register = template.Library()


@register.inclusion_tag("components/share_meta.html", takes_context=True)
def share_meta(
    context,
    *,
    title,
    url,
    description="",
    image=None,
    image_alt="",
    type="website",  # og:type
):
    """OpenGraph and Twitter card tags for any public page.

    ``image`` is anything with ``url``, ``width``, ``height`` (and optionally
    ``alt``, or pass ``image_alt``; a ``credit`` is added to the alt text); without
    one the card shows the site's logo. Relative URLs are made
    absolute from the Site's root URL.
    """
    from masthead.core.models import NewsroomSettings

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root_url = site.root_url if site else ""
    logo = None
    if site is not None:
        found = NewsroomSettings.for_request(request).logo_for_site(root_url)
        logo = sharing.ShareImage(url=found.url, width=found.width, height=found.height)
    if not image:  # an unset template variable arrives as ""
        image = None
    if image is not None and not isinstance(image, sharing.ShareImage):
        alt = image_alt or getattr(image, "alt", "") or ""
        credit = getattr(image, "credit", "") or ""
        image = sharing.ShareImage(
            url=image.url,
            width=getattr(image, "width", 0) or 0,
            height=getattr(image, "height", 0) or 0,
            alt=f"{alt} (Image copyright {credit})".strip() if credit else alt,
        )
    return sharing.build_share_meta(
        title=str(title),
        url=str(url or (request.path if request else "")),
        root_url=root_url,
        site_name=(site.site_name if site else "") or "Masthead",
        description=str(description or ""),
        image=image,
        logo=logo,
        type=type,
    )
