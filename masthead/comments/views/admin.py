"""The moderation queue and per-page comment settings in the Wagtail admin
(mounted by wagtail_hooks; every view needs ``comments.moderate_comments``)."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .. import services
from ..models import Comment, CommentBan, CommentSettings

FILTERS = [
    ("waiting", "Waiting"),
    ("reported", "Reported"),
    ("published", "Published"),
    ("hidden", "Hidden"),
]


def moderators_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not services.can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def filtered_comments(status: str, page_id: int | None):
    comments = Comment.objects.select_related("page", "author")
    if page_id is not None:
        comments = comments.filter(page_id=page_id)
    if status == "waiting":
        return comments.waiting().order_by("created_at")
    if status == "reported":
        return comments.reported().order_by("-report_count", "-created_at")
    if status == "hidden":
        return comments.filter(status=Comment.Status.HIDDEN).order_by("-moderated_at")
    return comments.visible().order_by("-created_at")


def _page_filter(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@moderators_only
def queue(request):
    status = request.GET.get("status", "waiting")
    if status not in dict(FILTERS):
        status = "waiting"
    page_id = _page_filter(request.GET.get("page"))
    listing = Paginator(filtered_comments(status, page_id), 50).get_page(
        request.GET.get("p")
    )
    banned = set(
        CommentBan.objects.filter(
            user_id__in=[c.author_id for c in listing.object_list if c.author_id]
        ).values_list("user_id", flat=True)
    )
    return render(
        request,
        "comments/admin/queue.html",
        {
            "listing": listing,
            "filters": FILTERS,
            "status": status,
            "page_id": page_id,
            "banned": banned,
            "waiting": Comment.objects.waiting().count(),
            "reported": Comment.objects.reported().count(),
        },
    )


ACTIONS = {
    "approve": ("Published.", services.approve_comment),
    "hide": ("Hidden from readers.", services.hide_comment),
    "delete": ("Deleted.", services.delete_comment),
}


@moderators_only
@require_POST
def act(request, comment_id: int, action: str):
    comment = get_object_or_404(Comment, pk=comment_id)
    if action == "ban":
        if comment.author is None:
            messages.error(request, "This comment has no account to ban.")
        else:
            try:
                services.hide_comment(comment=comment, moderator=request.user)
                services.ban_commenter(
                    user=comment.author,
                    moderator=request.user,
                    reason=f"comment {comment.pk}",
                )
                messages.success(
                    request, f"{comment.author_name} can no longer comment."
                )
            except services.CommentRefused as refused:
                messages.error(request, refused.message)
    elif action == "unban":
        if comment.author is not None:
            services.lift_ban(user=comment.author)
            messages.success(request, f"{comment.author_name} may comment again.")
    elif action in ACTIONS:
        sentence, service = ACTIONS[action]
        service(comment=comment, moderator=request.user)
        messages.success(request, sentence)
    else:
        raise Http404("No such action")
    return redirect(_back(request))


def _back(request) -> str:
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("comments_admin:queue")


class PageSettingsForm(forms.Form):
    comments_closed = forms.BooleanField(
        required=False, label="Close comments on this story"
    )
    moderation = forms.ChoiceField(
        choices=CommentSettings.Moderation.choices,
        required=False,
        label="Moderation for stories below this page",
    )


@moderators_only
def page_settings(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    row = services.get_page_settings(page)
    initial = {
        "comments_closed": bool(row and row.comments_closed),
        "moderation": row.moderation if row else "",
    }
    form = PageSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_comment_settings(
            page=page,
            comments_closed=form.cleaned_data["comments_closed"],
            moderation=form.cleaned_data["moderation"],
        )
        messages.success(request, "Comment settings saved.")
        return redirect("comments_admin:page", page_id=page.pk)
    return render(
        request,
        "comments/admin/page_settings.html",
        {
            "page": page,
            "form": form,
            "is_story": page.specific_class.__name__ == "ArticlePage",
            "mode": services.moderation_mode_for(page),
            "visible": services.count_visible(page.pk),
            "waiting": Comment.objects.on(page.pk).waiting().count(),
        },
    )


@moderators_only
def banned(request):
    bans = CommentBan.objects.select_related("user", "banned_by").order_by(
        "-created_at"
    )
    return render(request, "comments/admin/banned.html", {"bans": bans})


@moderators_only
@require_POST
def lift(request, user_id: int):
    user = get_object_or_404(get_user_model(), pk=user_id)
    services.lift_ban(user=user)
    messages.success(request, "The reader may comment again.")
    return redirect("comments_admin:banned")
