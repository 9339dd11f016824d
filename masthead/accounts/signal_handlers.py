"""Session hygiene and the known-device cookie (issue 17).

- Every login through allauth (both doors, password or passkey) marks the browser
  as a known device for that account: a signed, HttpOnly cookie that lets it past
  the per-account failed-login limit while someone elsewhere is guessing.
- Logging out, changing the password and resetting it end the account's other
  sessions (allauth.usersessions lists them), not only the one in hand. Django
  already refuses a session whose password hash is stale; deleting them from the
  store makes the ending explicit and covers logout, which changes no hash.
"""

from __future__ import annotations

from allauth.account.signals import password_changed, password_reset, user_logged_in
from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from .services import end_other_sessions, sign_known_device


@receiver(user_logged_in, dispatch_uid="masthead.accounts.known_device")
def mark_known_device(sender, request, response, user, **kwargs):
    if response is None:
        return
    response.set_cookie(
        settings.MASTHEAD_KNOWN_DEVICE_COOKIE,
        sign_known_device(user_id=user.pk),
        max_age=settings.MASTHEAD_KNOWN_DEVICE_DAYS * 24 * 3600,
        path="/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _current_session_key(request) -> str | None:
    session = getattr(request, "session", None)
    return session.session_key if session is not None else None


@receiver(user_logged_out, dispatch_uid="masthead.accounts.logout_everywhere")
def end_sessions_on_logout(sender, request, user, **kwargs):
    if user is not None:
        end_other_sessions(user=user, keep_session_key=_current_session_key(request))


@receiver(password_changed, dispatch_uid="masthead.accounts.password_changed")
@receiver(password_reset, dispatch_uid="masthead.accounts.password_reset")
def end_sessions_on_new_password(sender, request, user, **kwargs):
    end_other_sessions(user=user, keep_session_key=_current_session_key(request))
