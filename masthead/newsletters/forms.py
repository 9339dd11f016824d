from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import Issue, NewsletterList
from .services.addresses import find_address_problem, normalise_email


class SignupForm(forms.Form):
    """The signup box. A CharField, not an EmailField: the address rules (and
    their sentences) are ``addresses.find_address_problem``'s."""

    email = forms.CharField(required=False, strip=False)
    lists = forms.MultipleChoiceField(required=False, choices=())
    # A field no person fills (hidden by CSS): a bot that fills it is refused.
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, list_slugs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].choices = [(slug, slug) for slug in list_slugs]

    def clean_email(self):
        value = self.cleaned_data["email"]
        problem = find_address_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return normalise_email(value)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Please leave this field empty.")
        return ""


class ManageForm(forms.Form):
    lists = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, newsletters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].choices = [
            (n.slug, f"{n.name}{' – ' + n.description if n.description else ''}")
            for n in newsletters
        ]


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Leave empty to send now.",
    )

    def clean_send_at(self):
        value = self.cleaned_data.get("send_at")
        if value is not None and value < timezone.now():
            raise forms.ValidationError(
                "That time has passed; leave it empty to send now."
            )
        return value


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV with a header: email, lists, consented_at, …")


def validate_issue(issue: Issue, stories_count: int) -> dict[str, str]:
    """Rules the compose form checks beyond its fields."""
    errors = {}
    if issue.is_alert and issue.newsletter_id:
        newsletter = NewsletterList.objects.filter(pk=issue.newsletter_id).first()
        if newsletter is not None and newsletter.kind != NewsletterList.Kind.BREAKING:
            errors["newsletter"] = "An alert goes to a breaking-news list."
    return errors
