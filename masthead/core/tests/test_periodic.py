import pytest
from django.core.cache import cache

from masthead.core import periodic

# Jobs close stale database connections between runs, as the worker needs.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_registry(monkeypatch):
    monkeypatch.setattr(periodic, "_jobs", {})
    cache.clear()


def test_job_runs_when_due_and_not_again_within_its_period():
    calls = []
    periodic.register("test.tick", lambda: calls.append(1), every=30)
    assert periodic.run_due_jobs(now=1000) == ["test.tick"]
    assert periodic.run_due_jobs(now=1010) == []
    cache.clear()  # the lock would also expire with the period
    assert periodic.run_due_jobs(now=1031) == ["test.tick"]
    assert calls == [1, 1]


def test_failing_job_is_logged_and_does_not_stop_the_others(caplog):
    calls = []

    def broken():
        raise RuntimeError("feed server down")

    periodic.register("test.broken", broken, every=10)
    periodic.register("test.fine", lambda: calls.append(1), every=10)
    assert sorted(periodic.run_due_jobs(now=5)) == ["test.broken", "test.fine"]
    assert calls == [1]
    assert "periodic job test.broken failed" in caplog.text


def test_a_job_already_run_by_another_worker_this_period_is_skipped():
    calls = []
    periodic.register("test.shared", lambda: calls.append(1), every=60)
    cache.add("masthead:periodic:test.shared", 1, timeout=59)  # the other worker
    assert periodic.run_due_jobs(now=0) == []
    assert calls == []


def test_period_must_be_positive():
    with pytest.raises(ValueError, match="positive period"):
        periodic.register("test.bad", lambda: None, every=0)


def test_a_job_during_a_database_outage_logs_one_line_without_a_traceback(caplog):
    from django.db.utils import OperationalError

    def needs_the_database():
        raise OperationalError("connection refused")

    periodic.register("test.outage", needs_the_database, every=60)
    with caplog.at_level("WARNING", logger="masthead.periodic"):
        periodic.run_due_jobs(now=10_000_000.0)
    lines = [r for r in caplog.records if "test.outage" in r.getMessage()]
    assert [r.getMessage() for r in lines] == [
        "periodic job test.outage skipped: database unavailable"
    ]
    assert lines[0].exc_info is None
