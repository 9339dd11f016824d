"""The newsroom's inbox in the Wagtail admin (mounted under /admin/contact/)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..forms import ReplyForm
from ..models import Conversation, Line
from ..services.inbox import (
    count_waiting_chats,
    mark_read,
    reply_by_email,
    set_conversation_status,
    write_conversations_csv,
)
from ..services.presence import (
    PERMISSION,
    come_back,
    go_away,
    is_staff_away,
    record_heartbeat,
)

can_answer = permission_required(PERMISSION, raise_exception=True)

FILTERS = [
    ("", "All"),
    ("new", "New"),
    ("answered", "Answered"),
    ("closed", "Closed"),
    ("spam", "Spam"),
]


def filtered_conversations(status: str):
    first_words = Line.objects.filter(conversation=OuterRef("pk")).values("body")
    conversations = Conversation.objects.with_lines().annotate(
        first_words=Subquery(first_words[:1])
    )
    if status:
        return conversations.filter(status=status)
    return conversations.exclude(status=Conversation.Status.SPAM)


@can_answer
def inbox(request):
    status = request.GET.get("status", "")
    if status not in dict(FILTERS):
        status = ""
    page = Paginator(filtered_conversations(status), 50).get_page(request.GET.get("p"))
    return render(
        request,
        "contact/admin/inbox.html",
        {
            "page_obj": page,
            "filters": FILTERS,
            "status": status,
            "unread": Conversation.objects.unread().count(),
            "waiting": count_waiting_chats(),
            "away": is_staff_away(user=request.user),
        },
    )


@can_answer
def conversation(request, pk: int):
    item = get_object_or_404(Conversation, pk=pk)
    form = ReplyForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reply":
            form = ReplyForm(request.POST)
            if form.is_valid():
                try:
                    reply_by_email(
                        conversation=item,
                        staff_user=request.user,
                        body=form.cleaned_data["body"],
                    )
                except ValueError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, "Reply stored and queued for sending.")
                    return redirect("contact_admin:conversation", pk=item.pk)
        elif action in {"spam", "closed", "new", "answered"}:
            set_conversation_status(conversation=item, status=action)
            messages.success(request, f"Marked as {action}.")
            return redirect("contact_admin:conversation", pk=item.pk)
    else:
        mark_read(conversation=item)
    return render(
        request,
        "contact/admin/conversation.html",
        {
            "item": item,
            "lines": item.lines.select_related("staff_user"),
            "emails": item.emails.prefetch_related("delivery_attempts"),
            "form": form,
        },
    )


@can_answer
def chat(request, pk: int):
    item = get_object_or_404(Conversation, pk=pk, kind=Conversation.Kind.CHAT)
    record_heartbeat(user=request.user)
    return render(
        request,
        "contact/admin/chat.html",
        {"item": item, "away": is_staff_away(user=request.user)},
    )


@can_answer
def export_csv(request):
    status = request.GET.get("status", "")
    conversations = filtered_conversations(
        status if status in dict(FILTERS) else ""
    ).prefetch_related("lines")
    stream = io.StringIO()
    write_conversations_csv(conversations, stream)
    response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contact-messages.csv"'
    return response


@never_cache
@require_POST
def heartbeat(request):
    """Called by every admin page while it is open: keeps its user 'around'."""
    counted = record_heartbeat(user=request.user)
    if not counted:
        return JsonResponse({"counted": False})
    return JsonResponse(
        {
            "counted": True,
            "away": is_staff_away(user=request.user),
            "waiting": count_waiting_chats(),
            "unread": Conversation.objects.unread().count(),
            "inbox": reverse("contact_admin:inbox"),
        }
    )


@can_answer
@require_POST
def away(request):
    go_away(user=request.user)
    messages.success(
        request,
        "You're away: readers see the email form until you choose Be available.",
    )
    return redirect("contact_admin:inbox")


@can_answer
@require_POST
def available(request):
    come_back(user=request.user)
    messages.success(request, "You're available: readers can chat with you again.")
    return redirect("contact_admin:inbox")
