from django import forms

from .services import DAY_CHOICES, DEFAULT_DAYS


class PreviewLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Link works for",
        choices=[
            (days, f"{days} day{'s' if days > 1 else ''}") for days in DAY_CHOICES
        ],
        coerce=int,
        initial=DEFAULT_DAYS,
    )
