"""``masthead check`` (Django's deploy checks) fails on a database that does not
match the code."""

from django.core.checks import Error, register

from .outages import is_database_outage


@register(deploy=True)
def check_migrations_applied(app_configs=None, **kwargs):
    from .health import pending_migrations

    try:
        pending = pending_migrations()
    except Exception as exc:
        if not is_database_outage(exc):
            raise
        return [
            Error(
                "The database cannot be reached.",
                hint="Check DATABASE_URL and that the server is up.",
                id="operations.E002",
            )
        ]
    if pending:
        return [
            Error(
                f"{len(pending)} database migrations are not applied "
                f"(first: {pending[0]}).",
                hint="Run `masthead migrate`.",
                id="operations.E001",
            )
        ]
    return []
