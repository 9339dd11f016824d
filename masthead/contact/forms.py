from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .services.safety import (
    EMAIL_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    has_line_breaks_or_controls,
    has_non_ascii_local_part,
)


def check_single_line(value: str, what: str) -> str:
    if has_line_breaks_or_controls(value):
        raise forms.ValidationError(
            _(
                "%(what)s must be on one line, without line breaks or control "
                "characters."
            )
            % {"what": what}
        )
    return value.strip()


def check_length(value: str, limit: int, what: str) -> str:
    if len(value) > limit:
        raise forms.ValidationError(
            _(
                "%(what)s is %(length)s characters long; the limit is %(limit)s. "
                "Please shorten it."
            )
            % {"what": what, "length": f"{len(value):,}", "limit": f"{limit:,}"}
        )
    return value


class ContactForm(forms.Form):
    """The reader's message. Lengths are checked here, with the real figures in the
    error, rather than by max_length, so an over-long text is explained, not cut."""

    name = forms.CharField(strip=False)
    email = forms.CharField(strip=True, label=gettext_lazy("Email"))
    message = forms.CharField(widget=forms.Textarea)
    wants_copy = forms.BooleanField(
        required=False, label=gettext_lazy("Send me a copy")
    )
    # A field people never see and bots fill in.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this empty"))

    error_messages = {
        "required": gettext_lazy("Please fill in this field."),
    }

    def __init__(self, *args, copy_to: str = "", **kwargs):
        """``copy_to``: the signed-in reader's verified address; without one the
        "Send me a copy" option is not offered (and a posted value is ignored)."""
        super().__init__(*args, **kwargs)
        if copy_to:
            self.fields["wants_copy"].label = _("Send me a copy (to %(address)s)") % {
                "address": copy_to
            }
        else:
            del self.fields["wants_copy"]
        self.fields["name"].error_messages["required"] = _("Please tell us your name.")
        self.fields["email"].error_messages["required"] = _(
            "Please give an email address so we can answer."
        )
        self.fields["message"].error_messages["required"] = _("Please write a message.")

    def clean_name(self):
        name = check_length(self.cleaned_data["name"], NAME_MAX, _("Your name"))
        name = check_single_line(name, _("Your name"))
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name

    def clean_email(self):
        email = check_length(
            self.cleaned_data["email"], EMAIL_MAX, _("The email address")
        )
        check_single_line(email, _("The email address"))
        if has_non_ascii_local_part(email):
            raise forms.ValidationError(
                _(
                    "Our mail can't reach an address with accents or other non-Latin "
                    "letters before the @. Please give another address."
                )
            )
        forms.EmailField(
            error_messages={
                "invalid": _(
                    "That doesn't look like an email address (name@example.org)."
                )
            }
        ).clean(email)
        if "," in email or ";" in email:
            raise forms.ValidationError(_("Please give one email address only."))
        return email

    def clean_message(self):
        message = check_length(
            self.cleaned_data["message"], MESSAGE_MAX, _("Your message")
        )
        if not message.strip():
            raise forms.ValidationError(_("Please write a message."))
        return message.strip()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _(
                    "This form looked automated (a hidden field was filled in), so "
                    "it was not sent. Please clear the 'Leave this empty' field and "
                    "try again."
                )
            )
        return ""


class ChatStartForm(forms.Form):
    name = forms.CharField(strip=False)
    email = forms.CharField(required=False)

    def clean_name(self):
        name = check_length(self.cleaned_data["name"], NAME_MAX, _("Your name"))
        name = check_single_line(name, _("Your name"))
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip()
        if not email:
            return ""
        return ContactForm.clean_email(self)


class ReplyForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), label="Reply", max_length=20_000
    )
