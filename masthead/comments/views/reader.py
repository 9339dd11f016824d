"""Readers' side: the count fragment (cached), the thread (per reader, never
cached), posting and reporting (JSON for the script, redirects without it)."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from masthead.languages.services import with_language
from masthead.pagecache import surrogates

from .. import services
from ..models import Comment

# Far above a full comment and a name (4,000 characters can take 16 kB as UTF-8
# and more once form-encoded), far below Django's 2.5 MB.
POST_MAX_BYTES = 64 * 1024

NOTICES = {
    "published": _lazy("Your comment is published."),
    "pending": _lazy("Thanks: your comment will appear once a moderator has read it."),
    "reported": _lazy("Thanks: a moderator will look at this comment."),
}


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def json_error(message: str, *, status: int, code: str = "invalid", **details):
    response = JsonResponse(
        {"ok": False, "error": message, "code": code, **details}, status=status
    )
    if status == 429 and "window_seconds" in details:
        response["Retry-After"] = str(details["window_seconds"])
    return response


class _JsonCsrfCheck(CsrfViewMiddleware):
    """Django's own check, answering in JSON: the script shows the sentence."""

    def _reject(self, request, reason):
        return json_error(
            _(
                "Your session expired or the form is stale: reload the page and "
                "try again."
            ),
            status=403,
            code="csrf",
        )


_json_csrf_protect = decorator_from_middleware(_JsonCsrfCheck)


def comment_post(view):
    """A POST endpoint: too big a body refused with the limit before anything
    reads it, then the CSRF check (the same check, JSON on failure), then the
    view. ``csrf_exempt`` outside only moves the check inside."""
    protected = _json_csrf_protect(require_POST(view))

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > POST_MAX_BYTES:
            return json_error(
                _(
                    "The form sent %(sent)s KB, over the limit of %(limit)s KB "
                    "(a comment may be up to %(chars)s characters)."
                )
                % {
                    "sent": f"{length // 1024:,}",
                    "limit": POST_MAX_BYTES // 1024,
                    "chars": f"{settings.MASTHEAD_COMMENTS_MAX_CHARS:,}",
                },
                status=413,
                code="too_big",
                limit_bytes=POST_MAX_BYTES,
            )
        return protected(request, *args, **kwargs)

    return wrapper


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _story_or_404(page_id: int):
    story = services.find_story(page_id)
    if story is None:
        raise Http404("No story to comment on here")
    return story


def client_ip(request) -> str:
    # REMOTE_ADDR is the reader's address behind the trusted proxy (settings).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def thread_context(request, story, *, user=None, **extra) -> dict:
    user = user or request.user
    closed = services.are_comments_closed(story)
    refusal = services.why_cannot_comment(user, story, closed=closed)
    return {
        "story": story,
        "thread": services.list_thread(story=story, viewer=user),
        "closed": closed,
        "refusal": refusal,
        "can_comment": refusal is None,
        "can_report": user.is_authenticated and not closed,
        "viewer_id": user.pk if user.is_authenticated else None,
        "default_name": services.suggest_author_name(user),
        "max_chars": settings.MASTHEAD_COMMENTS_MAX_CHARS,
        # Back to the story's comments after signing in (the thread is fetched
        # into the story; its own URL is only the no-script page).
        "login_url": reverse("account_login")
        + "?"
        + urlencode({"next": f"{story.url}#comments"}),
        **extra,
    }


@require_GET
def count(request, page_id: int):
    """ "3 comments": stored by the page cache like a page, purged by the story's
    own key (``comments:<id>``) when a comment appears or disappears."""
    if services.find_story(page_id) is None:
        raise Http404("No such story")
    surrogates.record(services.comment_count_key(page_id))
    return render(
        request,
        "comments/count.html",
        {"count": services.count_visible(page_id), "page_id": page_id},
    )


@require_GET
def public_thread_fragment(request, page_id: int):
    """The thread as every signed-out reader sees it (no forms, no token): stored
    by the page cache and purged with the count, so scrolling to the comments of
    a busy story costs Django nothing."""
    story = _story_or_404(page_id)
    surrogates.record(services.comment_count_key(page_id))
    return render(
        request,
        "comments/thread.html",
        thread_context(request, story, user=AnonymousUser()),
    )


@require_GET
def thread_fragment(request, page_id: int):
    story = _story_or_404(page_id)
    return _private(
        render(request, "comments/thread.html", thread_context(request, story))
    )


@require_GET
def thread_page(request, page_id: int):
    """The same thread as a whole page: what readers without script get."""
    story = _story_or_404(page_id)
    notice = NOTICES.get(request.GET.get("done", ""))
    return _private(
        render(
            request,
            "comments/thread_page.html",
            thread_context(request, story, notice=notice),
        )
    )


def _parse_parent(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    if not value.isdigit() or len(value) > 18:
        raise services.CommentRefused(_("The comment you reply to is not valid."))
    return int(value)


@comment_post
def post(request, page_id: int):
    story = services.find_story(page_id)
    if story is None:
        if wants_json(request):
            return json_error(_("This story is not open for comments."), status=404)
        raise Http404("No story to comment on here")
    try:
        posted = services.post_comment(
            story=story,
            author=request.user,
            body=request.POST.get("body", ""),
            name=request.POST.get("name", ""),
            parent_id=_parse_parent(request.POST.get("parent")),
            ip=client_ip(request),
        )
    except services.CommentRefused as refused:
        if wants_json(request):
            return json_error(
                refused.message,
                status=refused.status,
                code=refused.code,
                **refused.details,
            )
        context = thread_context(
            request,
            story,
            error=refused.message,
            submitted_body=request.POST.get("body", "")[:20_000],
            submitted_parent=request.POST.get("parent", ""),
        )
        return _private(
            render(request, "comments/thread_page.html", context, status=refused.status)
        )
    state = "published" if posted.is_published else "pending"
    if wants_json(request):
        return _private(
            JsonResponse(
                {
                    "ok": True,
                    "status": state,
                    "id": posted.comment.pk,
                    "message": str(NOTICES[state]),
                }
            )
        )
    url = f"{reverse('comments:thread', args=[story.pk])}?done={state}"
    # The page's language (?lang=) comes along to the thread (issue 20).
    url = with_language(url) + f"#comment-{posted.comment.pk}"
    return HttpResponseRedirect(url)


@comment_post
def report(request, comment_id: int):
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        if wants_json(request):
            return json_error(_("This comment is not here any more."), status=404)
        raise Http404("No such comment")
    try:
        services.report_comment(
            comment=comment,
            reporter=request.user,
            reason=request.POST.get("reason", "")[:5000],
        )
    except services.CommentRefused as refused:
        if wants_json(request):
            return json_error(
                refused.message,
                status=refused.status,
                code=refused.code,
                **refused.details,
            )
        return _private(
            render(
                request,
                "comments/thread_page.html",
                thread_context(
                    request,
                    _story_or_404(comment.page_id),
                    error=refused.message,
                ),
                status=refused.status,
            )
        )
    if wants_json(request):
        return _private(JsonResponse({"ok": True, "message": str(NOTICES["reported"])}))
    url = reverse("comments:thread", args=[comment.page_id])
    return HttpResponseRedirect(with_language(f"{url}?done=reported"))
