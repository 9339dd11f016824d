from django import forms
from django.utils.translation import gettext_lazy as _


class ReaderSignupForm(forms.Form):
    """Extra signup fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        help_text=_("Optional. Shown to you when you are logged in."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["name"]

    def signup(self, request, user):
        user.first_name = self.cleaned_data.get("name", "")
        user.save(update_fields=["first_name"])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and cannot be restored.")
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not correct."))
        return password
