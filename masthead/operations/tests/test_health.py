"""/healthz, /readyz and the 503 a reader gets while the database is away."""

from __future__ import annotations

import json

import pytest
from django.db.utils import OperationalError


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    # No ``db`` mark: pytest-django fails any query.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_each_check_and_is_never_cached(client):
    from masthead.operations.services import record_heartbeat

    record_heartbeat(worker_id="w1", hostname="box", pid=1)
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) >= {"database", "migrations", "cache", "static"}
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["backlog"]["task_queue"]["count"] == 0
    assert body["checks"]["backlog"]["contact_outbox"]["count"] == 0
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_with_the_reason_while_migrations_are_pending(
    client, monkeypatch
):
    from masthead.operations import health

    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health, "pending_migrations", lambda: ["articles.0099_next"])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {
        "ok": False,
        "pending": 1,
        "error": "migrations pending",
    }


@pytest.mark.django_db
def test_readyz_never_shows_the_database_error_text(client, monkeypatch, settings):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError(
            'connection to "db.internal" failed: password for "masthead" is s3cret'
        )

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/readyz")
    text = response.content.decode()
    assert response.status_code == 503
    assert "s3cret" not in text and "db.internal" not in text
    assert "Traceback" not in text
    assert json.loads(text)["checks"]["database"] == {
        "ok": False,
        "error": "unreachable",
    }


@pytest.mark.django_db
def test_readyz_is_503_when_the_static_manifest_is_missing(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    settings.STATIC_ROOT = tmp_path
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["static"]["ok"] is False


def test_a_view_that_cannot_reach_the_database_answers_503_with_retry_after(rf):
    from masthead.operations.middleware import DatabaseOutageMiddleware

    middleware = DatabaseOutageMiddleware(lambda request: None)
    request = rf.get("/search/?q=council")
    error = OperationalError("couldn't get a connection after 3.00 sec")
    response = middleware.process_exception(request, error)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-cache" in response["Cache-Control"]
    assert "Back in a moment" in response.content.decode()
    assert middleware.process_exception(request, ValueError("a bug")) is None


@pytest.mark.django_db
def test_an_outage_before_the_view_runs_also_answers_503(client, monkeypatch, settings):
    from masthead.core import sitecache

    settings.DEBUG = False
    client.raise_request_exception = False

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(sitecache.RememberedSiteMiddleware, "__call__", down)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


def test_the_503_page_renders_without_the_database():
    from django.template.loader import render_to_string

    assert "Back in a moment" in render_to_string("operations/503.html")
