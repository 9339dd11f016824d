"""The mail provider's bounce and complaint reports (services.bounces)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..services.bounces import UnreadableReport, apply_report
from .reader import content_length

BODY_MAX = 256 * 1024


@never_cache
@csrf_exempt
@require_POST
def bounces(request, token: str = ""):
    """Shared secret in the URL (``/newsletters/webhooks/bounces/<token>/``, for
    providers that cannot set headers) or in ``X-Masthead-Token``. Unset: 404."""
    expected = settings.MASTHEAD_NEWSLETTER_WEBHOOK_TOKEN
    given = token or request.headers.get("X-Masthead-Token", "")
    if not expected:
        raise Http404
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return JsonResponse({"ok": False, "error": "wrong token"}, status=403)
    if content_length(request) > BODY_MAX:
        return JsonResponse({"ok": False, "error": "body too large"}, status=413)
    try:
        count = apply_report(request.body)
    except UnreadableReport as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=400)
    return JsonResponse({"ok": True, "suppressed": count})
