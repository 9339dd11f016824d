"""Reader-side endpoints. All uncached: they carry per-reader state and tokens."""

from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..forms import ChatStartForm, ContactForm
from ..services import chat, outbox, presence, safety
from .limits import within_post_limits

THANKS = (
    "Thank you, your message is on its way to the newsroom. We'll get back to you, "
    "asap."
)
TOO_MANY = (
    "You've sent several messages in a short time, so this one was not sent. "
    "Please wait a few minutes and try again; your text is still here."
)


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@never_cache
@require_GET
def state(request):
    """Whether someone is around, plus a CSRF token for the box's POSTs (cached
    pages carry none)."""
    around = presence.is_newsroom_around_now()
    token = request.session.get(chat.CHAT_SESSION_KEY)
    return JsonResponse(
        {
            "around": around,
            "offline_text": presence.OFFLINE_SENTENCE,
            "csrf": get_token(request),
            "chat_open": around and chat.is_chat_open(token=token),
            "answer_within": settings.CONTACT_CHAT_ANSWER_WITHIN_SECONDS,
            # Where "Send me a copy" would go; empty: the box hides the option.
            "copy_to": outbox.find_copy_address(request.user),
        }
    )


def form_errors(form) -> dict:
    return {
        field: [str(error) for error in errors] for field, errors in form.errors.items()
    }


@never_cache
@require_GET
def contact_page(request):
    """The box as a full page, for readers without script."""
    copy_to = outbox.find_copy_address(request.user)
    return render(
        request,
        "contact/contact_page.html",
        {
            "form": ContactForm(copy_to=copy_to),
            "offline_text": presence.OFFLINE_SENTENCE,
        },
    )


@never_cache
@require_POST
@within_post_limits
def send(request):
    copy_to = outbox.find_copy_address(request.user)
    form = ContactForm(request.POST, copy_to=copy_to)
    status, payload = 200, {}
    if not form.is_valid():
        status = 400
        payload = {
            "ok": False,
            "error": "Your message was not sent. Please check the fields marked.",
            "errors": form_errors(form),
        }
    elif safety.is_rate_limited(
        f"send:{client_ip(request)}",
        limit=settings.CONTACT_MESSAGES_PER_WINDOW,
        window=settings.CONTACT_RATE_WINDOW_SECONDS,
    ):
        status, payload = 429, {"ok": False, "error": TOO_MANY, "errors": {}}
    else:
        data = form.cleaned_data
        outbox.record_message(
            name=data["name"],
            email=data["email"],
            message=data["message"],
            copy_to=copy_to if data.get("wants_copy") else "",
            page_url=request.headers.get("Referer", "")[:500],
        )
        payload = {"ok": True, "message": THANKS}
    if wants_json(request):
        return JsonResponse(payload, status=status)
    return render(
        request,
        "contact/contact_page.html",
        {
            "form": form if status != 200 else ContactForm(copy_to=copy_to),
            "offline_text": presence.OFFLINE_SENTENCE,
            "result": payload,
        },
        status=status,
    )


@never_cache
@require_POST
@within_post_limits
def start_chat(request):
    """Open a chat bound to this browser's session; the socket then joins it."""
    form = ChatStartForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {
                "ok": False,
                "error": "The chat did not start. Please check the fields marked.",
                "errors": form_errors(form),
            },
            status=400,
        )
    if not presence.is_newsroom_around_now():
        return JsonResponse(
            {
                "ok": False,
                "error": "Nobody is around to chat right now. Please send us an "
                "email instead; your text is kept in the form.",
                "errors": {},
            },
            status=409,
        )
    if safety.is_rate_limited(
        f"chat:{client_ip(request)}",
        limit=settings.CONTACT_MESSAGES_PER_WINDOW,
        window=settings.CONTACT_RATE_WINDOW_SECONDS,
    ):
        return JsonResponse({"ok": False, "error": TOO_MANY, "errors": {}}, status=429)
    conversation = chat.start_chat(
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        page_url=request.headers.get("Referer", "")[:500],
    )
    request.session[chat.CHAT_SESSION_KEY] = conversation.token
    return JsonResponse({"ok": True, "socket": "/ws/contact/chat/"})
