"""JSON log lines and request ids."""

from __future__ import annotations

import json
import logging

import pytest
from django.db.utils import OperationalError

from masthead.operations.logs import (
    DatabaseOutageFilter,
    JsonFormatter,
    RequestIdFilter,
    request_id_var,
)


def make_record(message="hello %s", args=("world",), exc_info=None, **extra):
    record = logging.LogRecord(
        "masthead.test", logging.ERROR, __file__, 1, message, args, exc_info
    )
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_log_event_is_one_json_line_with_the_request_id():
    token = request_id_var.set("req-42")
    try:
        record = make_record(status_code=503)
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "hello world"
    assert entry["request_id"] == "req-42"
    assert entry["level"] == "ERROR" and entry["logger"] == "masthead.test"
    assert entry["status_code"] == 503


def test_a_traceback_stays_inside_the_one_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = make_record(exc_info=sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exception"]


def test_a_database_outage_is_logged_without_a_traceback_and_not_mailed():
    error = OperationalError("connection refused")
    record = make_record(exc_info=(OperationalError, error, None))
    assert DatabaseOutageFilter(drop=True).filter(record) is False
    assert DatabaseOutageFilter().filter(record) is True
    assert record.exc_info is None
    assert "OperationalError" in record.getMessage()


@pytest.mark.django_db
def test_the_request_id_from_the_proxy_is_echoed_and_a_bad_one_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response["X-Request-ID"] == "abc-123"
    response = client.get("/healthz", headers={"X-Request-ID": "bad id\r\nx: y"})
    assert response["X-Request-ID"] != "bad id\r\nx: y"
    assert len(response["X-Request-ID"]) == 32
