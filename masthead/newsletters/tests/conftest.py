import pytest


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """Signup limits are counted in the cache, which outlives a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def suppression_file(settings, tmp_path):
    settings.MASTHEAD_NEWSLETTER_SUPPRESSION_FILE = str(tmp_path / "suppressed.log")
    return tmp_path / "suppressed.log"


@pytest.fixture
def lists(db):
    """The default lists (the data migration's; a flushed database lacks them)."""
    from masthead.newsletters.models import NewsletterList

    made = {}
    for slug, kind in (
        ("daily", "daily"),
        ("weekly", "weekly"),
        ("breaking", "breaking"),
    ):
        made[slug], _ = NewsletterList.objects.get_or_create(
            slug=slug, defaults={"name": slug.capitalize(), "kind": kind}
        )
    return made


def run_worker(limit: int = 1000) -> int:
    """Run the durable tasks that are due, as the worker would, inside the test's
    transaction (the real worker, ``db_worker``, needs transactional tests; the
    subprocess crash test in test_crash.py runs that). Returns how many ran."""
    from django_tasks_db.models import DBTaskResult

    ran = 0
    while ran < limit:
        row = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if row is None:
            return ran
        row.claim("test-worker")
        task = row.task
        args = row.args_kwargs
        row.set_successful(task.func(*args["args"], **args["kwargs"]))
        ran += 1
    raise AssertionError("tasks kept queueing tasks")


def subscribe_confirmed(email: str, *newsletters):
    from django.utils import timezone

    from masthead.newsletters.models import Subscriber, Subscription
    from masthead.newsletters.services.addresses import email_key

    subscriber = Subscriber.objects.create(
        email=email,
        email_key=email_key(email),
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    for newsletter in newsletters:
        Subscription.objects.create(subscriber=subscriber, newsletter=newsletter)
    return subscriber
