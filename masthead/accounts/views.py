from allauth.core import ratelimit
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .forms import DeleteAccountForm
from .services import build_account_state, can_delete_account, delete_reader_account


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
