"""Masthead's allauth adapter: emails in the newsroom's name, readers never staff."""

from __future__ import annotations

import secrets
from email.utils import formataddr, parseaddr
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.stages import EmailVerificationStage
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .services import (
    can_use_admin,
    describe_login_target,
    find_newsroom,
    local_path,
    read_known_device,
)

QUIET_MESSAGES = {
    "account/messages/logged_in.txt",
    "account/messages/logged_out.txt",
    "account/messages/email_confirmed.txt",
}


class NewsroomEmailVerificationStage(EmailVerificationStage):
    """Readers confirm their address before their first login; newsroom accounts
    are made by an administrator who typed the address, and sign in to the admin
    as they did at Wagtail's door (with a second factor where required)."""

    def handle(self):
        user = self.login.user
        if user is not None and can_use_admin(user):
            return None, True
        return super().handle()


class ReaderAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed attempts to log in. For your safety, logging in to "
            "this account is paused for a few minutes; please try again later."
        ),
    }

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        # These lead back to cached reader pages, which show no messages; kept,
        # they would surface later on an unrelated account page.
        if message_template in QUIET_MESSAGES:
            return
        # After a reset the reader is signed in and sent to a reader page.
        if message_template == "account/messages/password_changed.txt" and (
            request.path.startswith("/accounts/password/reset/")
        ):
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def format_email_subject(self, subject: str) -> str:
        return f"[{find_newsroom(allauth_context.request).name}] {subject}"

    def get_from_email(self) -> str:
        """The configured address, shown under the newsroom's name."""
        _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        return formataddr((find_newsroom(allauth_context.request).name, address))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        newsroom = find_newsroom(allauth_context.request)
        # allauth's templates say current_site.name; without django.contrib.sites
        # that would be the bare host, so the newsroom stands in.
        context = {"current_site": newsroom, "newsroom": newsroom, **context}
        if template_prefix == "account/email/unknown_account":
            self._work_as_for_a_reset_link(email, context)
        super().send_mail(template_prefix, email, context)

    def _work_as_for_a_reset_link(self, email: str, context: dict) -> None:
        """What a reset link for an account costs, spent for an address with none,
        so the reset's answer time does not tell which addresses are known (issue
        17: a known address took ~20 % longer). For an account, allauth's token
        generator reads the account's addresses and signs, the link is built and
        the reset mail rendered. Here: one such read for an account id that no row
        has (an unknown address already costs one lookup more: its user row is
        searched too, which on PostgreSQL costs about what the html part of the
        mail does), the same signing, the link and the text part; nothing is
        written or sent. Balanced by measurement on SQLite and PostgreSQL."""
        from allauth.account.models import EmailAddress
        from django.template.loader import render_to_string
        from django.utils.crypto import salted_hmac

        list(EmailAddress.objects.filter(user_id=0).values_list("email", flat=True))
        token = salted_hmac(
            "django.contrib.auth.tokens.PasswordResetTokenGenerator",
            f"0{email}",
            algorithm="sha256",
        ).hexdigest()[::2]
        url = self.get_reset_password_from_key_url(f"0-{token}")
        render_to_string(
            "account/email/password_reset_key_message.txt",
            {**context, "password_reset_url": url},
        )

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """allauth's link, carrying the page the reader signed up from (``next`` of
        the signup or login request, if it is a safe local path) so that confirming
        returns them to the story, even from another browser."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = None
        if request is not None:
            candidate = request.POST.get("next") or request.GET.get("next")
            next_url = local_path(candidate)
        if next_url and self.is_safe_url(next_url):
            url += "?" + urlencode({"next": next_url})
        return url

    def send_account_already_exists_mail(self, email: str) -> None:
        """A signup with an address that has an account: the same mail-and-answer
        as any signup, and the same password hashing a new account costs, so the
        time taken does not tell whether the address is known (issue 17)."""
        from django.contrib.auth.hashers import make_password

        make_password(secrets.token_urlsafe(24))
        super().send_account_already_exists_mail(email)

    def save_user(self, request, user, form, commit=True):
        # Readers never get staff rights, whatever a form or a future field says.
        user.is_staff = False
        user.is_superuser = False
        return super().save_user(request, user, form, commit=commit)

    def pre_authenticate(self, request, **credentials):
        """Count a password attempt before checking it (issue 17).

        allauth keys its failed-login limit by what was typed, so the same account
        typed as a username on /admin/login/ and as an email on /accounts/login/
        had two budgets, and five guesses from anywhere locked the owner out. Here
        the account is resolved first, and the limits are per IP, per (account,
        IP), and (slower) per account from every IP together; a browser that has
        signed in to this account before skips the per-account one, so an attack
        from elsewhere cannot keep the owner out. A successful login rolls its own
        attempt back (allauth's ``authenticate``).
        """
        target = describe_login_target(credentials)
        ip = ratelimit.get_ip(request)
        usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed",
            key=f"{target}|{ip}",
        )
        if usage and not self._is_known_device(request, target):
            per_account = ratelimit.consume(
                request,
                app="allauth.account",
                action="login_failed_account",
                key=target,
            )
            if per_account is None:
                usage.rollback()
                usage = None
            else:
                usage.usage.extend(per_account.usage)
        self._login_failed_rl_usage = usage
        if not usage:
            raise self.validation_error("too_many_login_attempts")

    def _is_known_device(self, request, target: str) -> bool:
        user_id = read_known_device(
            request.COOKIES.get(settings.MASTHEAD_KNOWN_DEVICE_COOKIE),
            max_age_days=settings.MASTHEAD_KNOWN_DEVICE_DAYS,
        )
        return user_id is not None and target == f"user:{user_id}"

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # A completed password reset proves the mailbox: the account's own failed
        # attempts are forgotten, as allauth does for its typed-login key.
        target = describe_login_target(credentials)
        ip = ratelimit.get_ip(request)
        for action, key in (
            ("login_failed", f"{target}|{ip}"),
            ("login_failed_account", target),
        ):
            ratelimit.clear(request, app="allauth.account", action=action, key=key)

    def get_login_stages(self) -> list[str]:
        stock = "allauth.account.stages.EmailVerificationStage"
        ours = f"{__name__}.{NewsroomEmailVerificationStage.__qualname__}"
        return [ours if path == stock else path for path in super().get_login_stages()]
