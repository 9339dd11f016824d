"""/metrics: Prometheus text, for a token bearer or staff only."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_metrics_refuse_an_anonymous_reader(client, settings):
    settings.MASTHEAD_METRICS_TOKEN = "t0ken-for-scrapes"
    response = client.get("/metrics")
    assert response.status_code == 401
    response = client.get("/metrics", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401


@pytest.mark.django_db
def test_metrics_count_requests_cache_lookups_and_the_outbox(client, settings):
    from masthead.operations.metrics import count_page_cache

    settings.MASTHEAD_METRICS_TOKEN = "t0ken-for-scrapes"
    count_page_cache(hit=True)
    bearer = {"Authorization": "Bearer t0ken-for-scrapes"}
    client.get("/metrics", headers=bearer)
    response = client.get("/metrics", headers=bearer)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'masthead_http_requests_total{route="operations:metrics",status="200"}' in (
        text
    )
    assert 'masthead_page_cache_lookups_total{result="hit"}' in text
    assert "masthead_render_seconds_bucket" in text
    assert "masthead_task_queue_depth 0.0" in text
    assert 'masthead_contact_outbox{kind="failed_attempts"} 0.0' in text


@pytest.mark.django_db
def test_staff_may_read_metrics_without_a_token(client, settings):
    from tests.factories import make_staff

    settings.MASTHEAD_METRICS_TOKEN = ""
    client.force_login(make_staff())
    assert client.get("/metrics").status_code == 200
