from allauth.account.forms import LoginForm
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


class StaffLoginForm(LoginForm):
    """allauth's login form at the admin's door (issue 17): a username or an email.

    The field is posted as ``username`` (``id_username``), as Wagtail's form was,
    so password managers and scripts that sign staff in keep working; inside, it is
    allauth's ``login`` field, and the attempt goes through allauth's flow with its
    rate limits, lockout and second-factor stage.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"] = forms.CharField(
            label=_("Username or email"),
            max_length=254,
            widget=forms.TextInput(
                attrs={"autocomplete": "username", "autofocus": True}
            ),
        )
        self.order_fields(["login", "password"])

    def add_prefix(self, field_name: str) -> str:
        if field_name == "login":
            field_name = "username"
        return super().add_prefix(field_name)

    def user_credentials(self) -> dict:
        login = self.cleaned_data["login"]
        credentials = {"email" if "@" in login else "username": login}
        password = self.cleaned_data.get("password")
        if password:
            credentials["password"] = password
        return credentials
