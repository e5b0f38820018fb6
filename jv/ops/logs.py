"""Structured logs: one JSON object per line, with the id of the request being handled.

No personal data: the request log never contains the visitor's IP address, and never the query
string of search pages (see :data:`PRIVATE_QUERY_PREFIXES`). This module imports nothing from
Django, so gunicorn's own configuration (``gunicorn.conf.py``) can use the formatter too.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("jv_request_id", default=None)

# An incoming X-Request-ID (from the reverse proxy) is reused only when it looks like an id.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")

# Attributes every LogRecord has; everything else on a record is an "extra" field.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
# Extras that are never written: Django attaches the request object (its repr holds the query
# string) and the dev server its own fields.
_NEVER = {"request", "server_time"}
_PLAIN = (str, int, float, bool, type(None))


def request_id_from(header_value: str | None) -> str:
    """The id to use for a request: the proxy's, when it is well-formed, else a new one."""
    if header_value and _VALID_REQUEST_ID.match(header_value):
        return header_value
    return uuid.uuid4().hex


class RequestContextFilter(logging.Filter):
    """Puts the current request id on every record logged while a request is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = REQUEST_ID.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", ...extras}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key in _NEVER or key.startswith("_"):
                continue
            if key == "request_id" and value == "-":
                continue
            if isinstance(value, _PLAIN) or (isinstance(value, (list, dict)) and _json_safe(value)):
                data[key] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def _json_safe(value) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


class TextFormatter(logging.Formatter):
    """For developers who prefer plain lines (LOG_FORMAT=text)."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get() or "-"
        return super().format(record)
