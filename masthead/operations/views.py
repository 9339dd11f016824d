"""Probes for load balancers and orchestrators, and the metrics endpoint."""

from __future__ import annotations

import logging
import secrets
import sys

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

from . import health, metrics
from .outages import (
    database_unavailable_response,
    describe_error,
    is_database_outage,
    is_unmigrated_database,
    replace_connection_pool,
)

logger = logging.getLogger("masthead.operations")


@never_cache
def healthz(request):
    """Liveness: the process answers. No database, so a database outage does not
    get every instance restarted (that is ``/readyz``'s job to report)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness as JSON: 200 when this instance can serve, 503 and the reason when
    not (database, cache, static manifest, migrations). Worker heartbeat and
    backlogs are reported without failing readiness."""
    ready, checks = health.readiness()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


@never_cache
def metrics_view(request):
    """Prometheus text format, for a bearer of ``MASTHEAD_METRICS_TOKEN`` or staff.

    Without the token: 401 (not 404), so a misconfigured scraper says why."""
    if not can_read_metrics(request):
        response = HttpResponse("metrics need a token\n", status=401)
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = metrics.render_latest()
    return HttpResponse(body, content_type=content_type)


def can_read_metrics(request) -> bool:
    token = settings.MASTHEAD_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer "):
        if secrets.compare_digest(
            given.removeprefix("Bearer ").encode(), token.encode()
        ):
            return True
    # Staff: anyone who may use the newsroom's admin.
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_active
        and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))
    )


def server_error(request, *args, **kwargs):
    """Django's 500 handler, except that a database outage (or a database not
    migrated yet) answers 503 with Retry-After, also when it struck before a view
    ran (sessions, the site lookup)."""
    error = sys.exc_info()[1]
    if is_database_outage(error) or is_unmigrated_database(error):
        if is_database_outage(error):
            replace_connection_pool()
        logger.warning(
            "database unavailable (%s): %s %s answered 503",
            describe_error(error),
            request.method,
            request.path,
        )
        return database_unavailable_response()
    return django_server_error(request, *args, **kwargs)
