from allauth.account.views import LoginView
from allauth.core import ratelimit
from allauth.decorators import rate_limit
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic.edit import FormView

from .forms import DeleteAccountForm, StaffLoginForm
from .services import (
    build_account_state,
    can_delete_account,
    can_use_admin,
    delete_reader_account,
)


@never_cache
@require_GET
def account_state(request):
    """Who is reading, and a CSRF token for the popup's forms.

    Pages are cached and identical for everyone, so this is the only place a
    reader's name or token reaches a page: read by script, never stored by a cache.
    """
    state = build_account_state(user=request.user, csrf_token=get_token(request))
    response = JsonResponse(state)
    patch_cache_control(response, no_store=True, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


@never_cache
@login_required
def account_overview(request):
    return render(
        request,
        "accounts/overview.html",
        {"can_delete": can_delete_account(request.user)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    if not can_delete_account(user):
        return render(request, "accounts/delete_refused.html", status=403)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST":
        # The password check is a guessing oracle; it shares the reauthentication
        # limit so it cannot be used to brute-force a stolen session's password.
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            return ratelimit.respond_429(request)
        if form.is_valid():
            # Logging out first: its signal handlers need the user still saved.
            logout(request)
            delete_reader_account(user=user)
            return redirect("accounts:deleted")
    return render(request, "accounts/delete_account.html", {"form": form})


@never_cache
def account_deleted(request):
    return render(request, "accounts/deleted.html")


class AdminLoginView(LoginView):
    """The newsroom's door (/admin/login/) is allauth's login, not Wagtail's.

    Same view, flow and limits as /accounts/login/ (the "login" limit per IP is one
    budget for both doors, failed attempts count per account whichever door they
    came through), then allauth's second-factor stage; only the form takes a
    username as well as an email, and the way on is the admin.
    """

    form_class = StaffLoginForm
    template_name = "accounts/admin_login.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_use_admin(request.user):
            # A signed-in reader: allauth would send them "back" to the admin,
            # which sends them here. Show the form under the same limiter.
            return self._dispatch_for_reader(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    @method_decorator(rate_limit(action="login"))
    @method_decorator(never_cache)
    def _dispatch_for_reader(self, request, *args, **kwargs):
        return FormView.dispatch(self, request, *args, **kwargs)

    def get_form_class(self):
        return self.form_class

    def get_success_url(self):
        return self.get_next_url() or reverse("wagtailadmin_home")

    def get_authenticated_redirect_url(self):
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Passkey and password sign-ins both carry the way on to the admin.
        next_url = self.get_success_url()
        context["redirect_field_value"] = next_url
        context["redirect_field"] = format_html(
            '<input type="hidden" name="next" value="{}">', next_url
        )
        return context


admin_login = AdminLoginView.as_view()
