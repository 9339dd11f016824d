"""The reader side of a preview link, and the small admin screen that makes and
revokes them."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.defaults import permission_denied
from wagtail.models import Page

from . import services
from .forms import PreviewLinkForm
from .models import PreviewLink

NOINDEX = '<meta name="robots" content="noindex, nofollow">'
BODY_OPEN = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def _private(response):
    """A draft is never indexed, stored by a cache, or leaked through Referer."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _gone(request, *, reason: str, status: int):
    response = TemplateResponse(
        request, "previews/gone.html", {"reason": reason}, status=status
    )
    return _private(response)


@require_safe
def show_preview(request, token: str):
    """The latest revision of the link's page, rendered as the live page would be;
    410 with an explanation once the link has expired or been revoked."""
    link = services.find_preview_link(token)
    if link is None:
        return _gone(request, reason="unknown", status=404)
    if link.is_revoked():
        return _gone(request, reason="revoked", status=410)
    if link.is_expired():
        return _gone(request, reason="expired", status=410)
    page = link.page.get_latest_revision_as_object()
    request.is_preview = True
    request.preview_mode = page.default_preview_mode
    response = page.serve_preview(request, page.default_preview_mode)
    if hasattr(response, "render"):
        response.render()
    banner = render_to_string(
        "previews/banner.html", {"link": link, "page": page}, request=request
    )
    content = response.content.replace(b"<head>", f"<head>\n{NOINDEX}".encode(), 1)
    content = BODY_OPEN.sub(
        lambda match: match.group(0) + banner.encode(), content, count=1
    )
    response.content = content
    return _private(response)


def page_preview_links(request, page_id: int):
    """Admin: the page's preview links, a form for a new one, and revoking."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not services.can_share_preview(request.user, page):
        # A real 403 rather than Wagtail's redirect to the dashboard.
        return permission_denied(request, PermissionDenied("may not edit this page"))
    form = PreviewLinkForm(request.POST or None)
    new_url = ""
    if request.method == "POST" and request.POST.get("action") == "revoke":
        link = get_object_or_404(PreviewLink, pk=request.POST.get("link"), page=page)
        services.revoke_preview_link(link=link, user=request.user)
        messages.success(request, "The preview link no longer works.")
        return redirect("previews_admin:page", page_id=page.pk)
    if request.method == "POST" and form.is_valid():
        _link, token = services.create_preview_link(
            page=page, user=request.user, days=form.cleaned_data["days"]
        )
        new_url = request.build_absolute_uri(services.preview_path(token))
        form = PreviewLinkForm()
    context = {
        "page": page,
        "form": form,
        "new_url": new_url,
        "links": services.links_for_page(page),
        "now": timezone.now(),
        "page_title": "Preview links",
        "page_subtitle": page.get_admin_display_title(),
        "header_icon": "link",
    }
    response = TemplateResponse(request, "previews/admin/links.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
