"""Masthead's allauth adapter: emails in the newsroom's name, readers never staff."""

from __future__ import annotations

from email.utils import formataddr, parseaddr
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .services import find_newsroom, local_path

QUIET_MESSAGES = {
    "account/messages/logged_in.txt",
    "account/messages/logged_out.txt",
    "account/messages/email_confirmed.txt",
}


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
        super().send_mail(template_prefix, email, context)

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

    def save_user(self, request, user, form, commit=True):
        # Readers never get staff rights, whatever a form or a future field says.
        user.is_staff = False
        user.is_superuser = False
        return super().save_user(request, user, form, commit=commit)
