import pytest


@pytest.fixture(autouse=True)
def api_limits(settings):
    """A fresh rate-limit window for each test: counters live in the cache,
    which a database rollback does not reset."""
    from django.core.cache import caches

    caches["default"].clear()
    settings.MASTHEAD_API_ANONYMOUS_RATE_LIMIT = 1000
    yield


@pytest.fixture
def api(client):
    """GET an API path; returns the response with ``.data`` (parsed JSON)."""
    import json

    def get(path, **extra):
        response = client.get(path, **extra)
        response.data = json.loads(response.content) if response.content else None
        return response

    return get


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the purge) as a real commit would, after
    dropping the purges the test's setup collected (the test's own transaction
    never commits; they would purge the whole site)."""
    from masthead.pagecache.services import forget_pending_purges

    def commit():
        forget_pending_purges()
        return django_capture_on_commit_callbacks(execute=True)

    return commit
