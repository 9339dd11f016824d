"""Log formatting: one JSON object per line (``MASTHEAD_LOG_FORMAT=json``) with the
request id, and a database outage logged as one line rather than a traceback per
request."""

from __future__ import annotations

import contextvars
import datetime
import json
import logging

from .outages import is_database_outage

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "masthead_request_id", default=""
)

# LogRecord attributes every record has; anything else was passed in ``extra``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (empty outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


class DatabaseOutageFilter(logging.Filter):
    """During an outage every request fails the same way: keep the line, drop the
    traceback (the worker and the middleware say what happened once). With
    ``drop``, outage records are dropped altogether (the admins' email)."""

    def __init__(self, drop: bool = False):
        super().__init__()
        self.drop = drop

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and is_database_outage(record.exc_info[1]):
            if self.drop:
                return False
            exc = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(exc).__name__}: database)"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """One line of JSON per event: time, level, logger, message, request id, any
    ``extra`` fields, and the traceback (as one string) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value if _is_plain(value) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _is_plain(value) -> bool:
    return isinstance(value, str | int | float | bool | type(None))
