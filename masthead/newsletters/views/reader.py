"""Reader endpoints. All uncached (``/newsletters/`` is an uncached prefix).

The signup box sits in cached pages, so its form carries no CSRF token. The
subscribe endpoint is CSRF-exempt instead, and that is safe here because it acts
on no one's session or account: it only mails a confirmation link to the address
typed, which anyone could do by typing it into the box themselves. What CSRF
would stop (another site making visitors' browsers post) is stopped by the Origin
check; what it would not stop anyway (scripts posting directly) is stopped by the
per-IP and per-address limits, the hidden honeypot field and double opt-in. A
token fetched by script would have broken the form for readers without script.

Unsubscribing is CSRF-exempt too: RFC 8058 has mail providers POST to the link
without cookies, and the signed link itself is the authority.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import ManageForm, SignupForm
from ..models import NewsletterList
from ..services import signup, tokens

POST_MAX_BYTES = 8 * 1024

CHECK_INBOX = _(
    "Almost done: we have sent you an email. Please open it and confirm, and your "
    "subscription starts."
)
TOO_MANY_FROM_HERE = _(
    "Too many signups have come from your network in the last hour, so this one "
    "was not accepted. Please try again later."
)
TOO_MANY_FOR_ADDRESS = _(
    "We have already sent several confirmation emails to this address today. "
    "Please look for them in your inbox (and spam folder), or try again tomorrow."
)


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def is_same_origin(request) -> bool:
    """A browser posting from another site says so in Origin (or Referer); clients
    that send neither are not browsers carrying a visitor, and meet the limits."""
    claimed = request.headers.get("Origin") or request.headers.get("Referer")
    if not claimed:
        return True
    if claimed == "null":
        return False
    parts = urlsplit(claimed)
    origin = f"{parts.scheme}://{parts.netloc}"
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def _answer(request, status: int, payload: dict, form=None):
    if wants_json(request):
        return JsonResponse(payload, status=status)
    return render(
        request,
        "newsletters/signup_page.html",
        {"form": form, "result": payload, "offered": _offered()},
        status=status,
    )


def _offered():
    return NewsletterList.objects.filter(is_active=True)


@never_cache
def signup_page(request):
    """The signup form as a page (and where the box's form lands without script)."""
    return render(
        request,
        "newsletters/signup_page.html",
        {"form": SignupForm(list_slugs=[]), "offered": _offered()},
    )


@never_cache
@csrf_exempt
@require_POST
def subscribe(request):
    if content_length(request) > POST_MAX_BYTES:
        return _answer(
            request, 413, {"ok": False, "error": _("The form sent too much data.")}
        )
    if not is_same_origin(request):
        return _answer(
            request,
            403,
            {"ok": False, "error": _("Please sign up from our own pages.")},
        )
    offered = [n.slug for n in _offered()]
    form = SignupForm(request.POST, list_slugs=offered)
    if not form.is_valid():
        errors = {k: [str(e) for e in v] for k, v in form.errors.items()}
        first = next(iter(errors.values()))[0]
        return _answer(
            request, 400, {"ok": False, "error": first, "errors": errors}, form
        )
    email = form.cleaned_data["email"]
    if signup.is_limited("ip", client_ip(request)):
        return _answer(request, 429, {"ok": False, "error": TOO_MANY_FROM_HERE}, form)
    if signup.is_limited("address", email.lower()):
        return _answer(request, 429, {"ok": False, "error": TOO_MANY_FOR_ADDRESS}, form)
    newsletters = signup.find_offered_lists(form.cleaned_data["lists"])
    newsletters = newsletters or signup.default_signup_lists()
    if not newsletters:
        return _answer(
            request, 503, {"ok": False, "error": _("There is no newsletter yet.")}, form
        )
    signup.request_subscription(
        email=email,
        newsletters=newsletters,
        source=request.headers.get("Referer", "")[:500],
        ip=client_ip(request),
    )
    return _answer(request, 200, {"ok": True, "message": CHECK_INBOX})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button and POST confirms: link scanners in mail systems open
    every link, and must not confirm a subscription nobody asked for."""
    try:
        wanted = tokens.read_confirm_token(token)
    except tokens.ExpiredToken as expired:
        return _expired(request, expired.email, expired.list_slugs)
    except tokens.InvalidToken:
        return render(request, "newsletters/link_invalid.html", status=400)
    newsletters = signup.find_offered_lists(wanted.list_slugs)
    if request.method == "GET":
        return render(
            request,
            "newsletters/confirm.html",
            {"email": wanted.email, "newsletters": newsletters},
        )
    _subscriber, newsletters = signup.confirm_subscription(
        email=wanted.email, list_slugs=wanted.list_slugs, ip=client_ip(request)
    )
    return render(
        request,
        "newsletters/confirmed.html",
        {"email": wanted.email, "newsletters": newsletters},
    )


def _expired(request, email: str, list_slugs: tuple[str, ...]):
    hours = settings.MASTHEAD_NEWSLETTER_CONFIRM_HOURS
    if request.method == "POST" and request.POST.get("resend"):
        if signup.is_limited("address", email.lower()):
            return render(
                request,
                "newsletters/confirm_expired.html",
                {"email": email, "hours": hours, "error": TOO_MANY_FOR_ADDRESS},
                status=429,
            )
        signup.request_subscription(
            email=email,
            newsletters=signup.find_offered_lists(list_slugs)
            or signup.default_signup_lists(),
            ip=client_ip(request),
            source="resend after an expired link",
        )
        return render(
            request,
            "newsletters/confirm_expired.html",
            {"resent": True, "email": email},
        )
    return render(
        request,
        "newsletters/confirm_expired.html",
        {"email": email, "hours": hours},
        status=410,
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks (scanners open links); POST leaves, with or without cookies: the
    footer's button and RFC 8058 one-click POSTs from mail providers alike."""
    try:
        email, list_slug = tokens.read_unsubscribe_token(token)
    except tokens.InvalidToken:
        return render(request, "newsletters/link_invalid.html", status=400)
    newsletter = NewsletterList.objects.filter(slug=list_slug).first()
    if request.method == "GET":
        return render(
            request,
            "newsletters/unsubscribe.html",
            {"email": email, "newsletter": newsletter, "token": token},
        )
    everything = request.POST.get("scope") == "all" or not list_slug
    signup.unsubscribe(
        email=email,
        list_slug="" if everything else list_slug,
        method=(
            "one_click"
            if request.POST.get("List-Unsubscribe") == "One-Click"
            else "email_link"
        ),
    )
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse("Unsubscribed.\n", content_type="text/plain")
    return render(
        request,
        "newsletters/unsubscribed.html",
        {"email": email, "newsletter": None if everything else newsletter},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def manage(request):
    """The signed-in reader's lists (private: never cached, never shared)."""
    email = signup.find_account_email(request.user)
    newsletters = list(_offered())
    saved = False
    if request.method == "POST" and email:
        form = ManageForm(request.POST, newsletters=newsletters)
        if form.is_valid():
            signup.set_account_subscriptions(
                user=request.user, email=email, wanted_slugs=form.cleaned_data["lists"]
            )
            saved = True
    form = ManageForm(
        newsletters=newsletters,
        initial={"lists": sorted(signup.account_subscriptions(email)) if email else []},
    )
    response = render(
        request,
        "newsletters/manage.html",
        {"form": form, "email": email, "saved": saved},
    )
    response["Cache-Control"] = "private, no-store"
    return response
