"""The "signed-in" hint: lets a cached page skip asking Django who is reading.

Pages are the same for every reader, and an anonymous reader's page view must not
reach Django at all (issue 14). ``accounts.js`` asks ``/accounts/state/`` for a
name only when the ``mh_signed_in`` cookie says a reader may be signed in. The
cookie holds no secret (it is ``1``) and is readable by script; the session cookie
stays the only proof of who someone is. It is set on the response that signs a
reader in, and removed on the one that signs them out (or the first Django answer
after the session expired); a stale one costs one state request, after which the
script removes it.

The same middleware marks every answer under ``/accounts/`` (Masthead's own views
and allauth's: login, signup, email, password change and reset, delete) as
``Cache-Control: private, no-store``: they show or change one reader's account,
and no browser or proxy may keep them (issue 17).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .services import has_second_factor, is_mfa_required

HINT_COOKIE = "mh_signed_in"


class SignedInHintMiddleware:
    """After ``AuthenticationMiddleware``: keeps the hint in step with the session
    and keeps account pages out of every cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(reverse("accounts:overview")):
            patch_cache_control(response, private=True, no_store=True)
        self._keep_hint(request, response)
        return response

    def _keep_hint(self, request, response) -> None:
        has_hint = HINT_COOKIE in request.COOKIES
        session = getattr(request, "session", None)
        if session is None or not hasattr(request, "user"):
            return
        # Reading request.user loads the session, which adds "Vary: Cookie" and
        # keeps the page out of the shared cache: only when a session is in play.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES and not session.accessed:
            if has_hint:
                response.delete_cookie(HINT_COOKIE, path="/", samesite="Lax")
            return
        user = request.user
        if user.is_authenticated and not has_hint:
            session = request.session
            response.set_cookie(
                HINT_COOKIE,
                "1",
                max_age=(
                    None
                    if session.get_expire_at_browser_close()
                    else session.get_expiry_age()
                ),
                path="/",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=False,  # read by accounts.js; it carries no secret
                samesite="Lax",
            )
        elif not user.is_authenticated and has_hint:
            response.delete_cookie(HINT_COOKIE, path="/", samesite="Lax")


class StaffMFARequiredMiddleware:
    """Staff whose group needs a second factor set one up before the admin opens
    (issue 17). Only admin paths are held back: the account pages where the
    factor is added, logging out and the public site stay open. The check runs on
    every admin request, so a session that began before the rule (or before the
    account joined a group) is held back too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_mfa(request):
            messages.info(
                request,
                _(
                    "Your newsroom account needs a second step when you log in: "
                    "add an authenticator app or a passkey to continue to the admin."
                ),
            )
            return redirect("mfa_index")
        return self.get_response(request)

    def _must_set_up_mfa(self, request) -> bool:
        required_groups = settings.MASTHEAD_MFA_REQUIRED_GROUPS
        superusers = settings.MASTHEAD_MFA_REQUIRED_FOR_SUPERUSERS
        if not (required_groups or superusers):
            return False
        path = request.path
        if not path.startswith(settings.MASTHEAD_ADMIN_PREFIX) or path in (
            reverse("admin_login"),
            reverse("wagtailadmin_logout"),
        ):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return is_mfa_required(
            user=user, required_groups=required_groups, superusers=superusers
        ) and not has_second_factor(user)
