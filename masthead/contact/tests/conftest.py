import pytest

from tests.factories import make_staff


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """Rate-limit counters live in the cache, which outlives a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db):
    return make_staff(answer=True)


@pytest.fixture
def newsroom(home_page):
    """The default site's newsroom settings (created on first read)."""
    from wagtail.models import Site

    from masthead.core.models import NewsroomSettings

    settings_row = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.newsroom_email = "desk@courier.example"
    settings_row.save()
    return settings_row


def run_worker() -> None:
    """Run every task that is due now, in this process, then return."""
    from django.core.management import call_command

    call_command(
        "db_worker",
        "--backend=durable",
        "--queue-name=*",
        "--batch",
        "--interval=0",
        "--no-startup-delay",
        verbosity=0,
    )
