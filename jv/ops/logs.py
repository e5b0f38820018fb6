"""Structured logs: one JSON object per line, with the id of the request being handled.

No personal data: the request log never contains the visitor's IP address nor any query string
value (only the parameter names: a query string can hold a search text or the risk factors and
age of a child someone is worried about), and :class:`RedactFilter` removes secrets from every
line whoever logs it: secret path parts (a member's personal calendar key, registered by the app
that owns the URL with :func:`register_secret_path`) and query strings inside messages. This
module imports nothing from Django, so gunicorn's own configuration (``gunicorn.conf.py``) can
use the formatter and the filter too.
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


# Secret parts of paths, as regular expressions with one group: the secret (replaced).
SECRET_PATHS: list[re.Pattern] = [
    # A member's personal calendar key (jv.network: /agenda/<key>.ics).
    re.compile(r"/agenda/([^/\s\"'?#]+)\.ics"),
]
# A query string inside a URL or path in a message: everything after "?" up to white space.
_QUERY_IN_TEXT = re.compile(r"(?<=[\w/.\-])\?[^\s\"'<>]+")
REDACTED = "[weggelaten]"


def register_secret_path(pattern: str) -> None:
    """Treat the first group of ``pattern`` (a regular expression over paths) as a secret."""
    compiled = re.compile(pattern)
    if compiled.groups < 1:
        raise ValueError("the pattern needs a group around the secret part")
    if all(existing.pattern != compiled.pattern for existing in SECRET_PATHS):
        SECRET_PATHS.append(compiled)


def redact(text: str) -> str:
    """``text`` without secret path parts and without query strings."""
    if not text:
        return text
    for pattern in SECRET_PATHS:
        text = pattern.sub(lambda m: m.group(0).replace(m.group(1), REDACTED), text)
    return _QUERY_IN_TEXT.sub("?" + REDACTED, text)


class RedactFilter(logging.Filter):
    """Removes secrets (see :func:`redact`) from the message and the text extras of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the formatter to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        for key, value in list(vars(record).items()):
            if key in _STANDARD or key.startswith("_") or not isinstance(value, str):
                continue
            cleaned = redact(value)
            if cleaned != value:
                setattr(record, key, cleaned)
        return True


_factory_installed = False


def install_record_factory() -> None:
    """Redact every record's message when it is created, so no handler (a test's ``caplog``,
    a library's own) ever sees a secret; extras are cleaned by :class:`RedactFilter` and at
    their source."""
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the formatter to report
            return record
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


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
