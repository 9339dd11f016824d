"""Request ids and honest answers during a database outage."""

from __future__ import annotations

import logging
import re
import time
import uuid

from . import metrics, views
from .logs import request_id_var
from .outages import (
    database_unavailable_response,
    describe_error,
    is_database_outage,
    is_unmigrated_database,
    replace_connection_pool,
)

logger = logging.getLogger("masthead.operations")

# A request id from the proxy is kept when it looks like one (no header injection,
# no unbounded log lines); anything else is replaced.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """Takes ``X-Request-ID`` from the proxy or makes one; every log line of the
    request carries it, and the response echoes it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID_PATTERN.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response.headers["X-Request-ID"] = request_id
        return response


class DatabaseOutageMiddleware:
    """A view that cannot reach the database answers 503 at once.

    Failures in middleware further in (sessions, the remembered site) are turned
    into the same 503 by ``views.server_error``, Django's 500 handler.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception) or is_unmigrated_database(exception):
            if is_database_outage(exception):
                replace_connection_pool()
            logger.warning(
                "database unavailable (%s): %s %s answered 503",
                describe_error(exception),
                request.method,
                request.path,
            )
            return database_unavailable_response()
        return None


class MetricsMiddleware:
    """Counts what Django answers, by route (the URL pattern's name, bounded) and
    status, and times it."""

    def __init__(self, get_response):
        self.metrics = metrics
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = getattr(request, "metrics_route", None) or (
            (match.view_name or match.route or "unnamed") if match else "unmatched"
        )
        self.metrics.REQUESTS.labels(route, str(response.status_code)).inc()
        self.metrics.RENDER_SECONDS.labels(route).observe(time.perf_counter() - started)
        return response


class HealthProbeMiddleware:
    """Answers ``/healthz`` and ``/readyz`` before anything else runs: a load
    balancer probes over plain HTTP with the instance's address as the host, and
    neither the HTTPS redirect, the host check nor a middleware that reads the
    database may stand between the probe and its answer."""

    def __init__(self, get_response):
        self.probes = {"/healthz": views.healthz, "/readyz": views.readyz}
        self.get_response = get_response

    def __call__(self, request):
        probe = self.probes.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            request.metrics_route = request.path_info.strip("/")
            return probe(request)
        return self.get_response(request)
