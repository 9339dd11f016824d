"""Error reporting to Sentry (``SENTRY_DSN``), set up from the settings."""

from __future__ import annotations


def init_sentry(dsn: str, *, environment: str) -> None:
    """Send unhandled errors (requests, tasks, the worker) to Sentry.

    sentry-sdk's defaults send no personal data (no addresses, cookies or
    bodies): only the error and where it happened.
    """
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        traces_sample_rate=0.0,
    )
