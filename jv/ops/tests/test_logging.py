"""JSON logs with a request id; no IP addresses, no search queries."""

import json
import logging

import pytest

from jv.ops.logs import JsonFormatter, RequestContextFilter, request_id_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """Every record logged during the test, formatted exactly as in production."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)


def request_lines(lines):
    records = [json.loads(line) for line in lines]
    return [r for r in records if r["logger"] == "jv.request"]


def test_every_request_gets_one_json_line_with_the_agreed_fields(anon_client, json_lines):
    response = anon_client.get("/api/v1/themes/")
    assert all("\n" not in line for line in json_lines)
    (line,) = request_lines(json_lines)
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/themes/"
    assert line["status"] == 200
    assert line["view"] == "api:themes"
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response["X-Request-ID"]
    assert line["time"].endswith("+00:00")


def test_request_id_from_the_proxy_is_reused_and_returned(anon_client, json_lines):
    response = anon_client.get("/bronnen/", HTTP_X_REQUEST_ID="proxy-1234.abc")
    assert response["X-Request-ID"] == "proxy-1234.abc"
    assert request_lines(json_lines)[0]["request_id"] == "proxy-1234.abc"


def test_malformed_request_id_is_replaced(anon_client):
    response = anon_client.get("/bronnen/", HTTP_X_REQUEST_ID='"; drop table' + "x" * 200)
    assert len(response["X-Request-ID"]) == 32
    assert request_id_from("a" * 101) != "a" * 101
    assert request_id_from("") != ""


def test_django_log_lines_of_a_request_carry_its_request_id(anon_client, json_lines):
    response = anon_client.get("/bestaat-niet/")
    records = [json.loads(line) for line in json_lines]
    not_found = [r for r in records if r["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] == response["X-Request-ID"]
    assert "request" not in not_found[0]  # the request object (with its query string) is never dumped


def test_no_ip_address_in_any_log_line(anon_client, member_client, json_lines):
    anon_client.get("/bronnen/?theme=lvb", REMOTE_ADDR="203.0.113.77", HTTP_X_FORWARDED_FOR="198.51.100.23")
    member_client.get("/bronnen/", REMOTE_ADDR="203.0.113.78")
    anon_client.get("/bestaat-niet/", REMOTE_ADDR="203.0.113.79")
    text = "\n".join(json_lines)
    assert json_lines
    for ip in ("203.0.113.77", "198.51.100.23", "203.0.113.78", "203.0.113.79"):
        assert ip not in text


def test_search_query_strings_never_reach_the_logs(anon_client, json_lines):
    anon_client.get("/zoeken/?q=mijn+buurjongen+Kevin")
    anon_client.get("/api/v1/search/?q=mijn+buurjongen+Kevin")
    text = "\n".join(json_lines)
    assert "Kevin" not in text and "buurjongen" not in text
    paths = [line["path"] for line in request_lines(json_lines)]
    assert paths == ["/zoeken/", "/api/v1/search/"]


def test_only_the_names_of_query_parameters_are_logged(anon_client, json_lines):
    anon_client.get("/bronnen/?theme=lvb&theme=school")
    (line,) = request_lines(json_lines)
    assert line["path"] == "/bronnen/"
    assert line["query_keys"] == ["theme"]
    assert "lvb" not in "\n".join(json_lines) and "query" not in line


def logged_text(record) -> str:
    """The message and every text field of a record: what any formatter could write."""
    texts = [record.getMessage(), *(value for value in vars(record).values() if isinstance(value, str))]
    return " ".join(texts)


def test_ticked_risk_factors_with_an_age_never_reach_the_logs(anon_client, json_lines, caplog):
    """The strategy page takes the risk factors someone is worried about and an age: about a
    child, so no value of that query string is logged, by any logger."""
    from jv.interventions.models import Factor

    factors = list(Factor.objects.order_by("pk").values_list("slug", flat=True)[:2])
    query = {"risk": factors, "age": "14", "erkenning": "erkend"}
    with caplog.at_level(logging.DEBUG):
        for path in ("/interventies/gesprekshulp/", "/interventies/", "/interventies/bestaat-niet/"):
            anon_client.get(path, query)
    text = "\n".join(json_lines) + "\n".join(logged_text(r) for r in caplog.records)
    for value in [*factors, "erkend"]:
        assert value not in text
    assert "age=14" not in text and "14&" not in text
    lines = request_lines(json_lines)
    assert lines and all(line["query_keys"] == ["age", "erkenning", "risk"] for line in lines)


def test_a_personal_calendar_key_never_reaches_the_logs(anon_client, member, json_lines, caplog):
    from jv.network.models import FeedToken

    _row, raw = FeedToken.issue(member)
    unknown = "Zz" + raw[2:][::-1]
    with caplog.at_level(logging.DEBUG):
        assert anon_client.get(f"/agenda/{raw}.ics").status_code == 200
        assert anon_client.get(f"/agenda/{unknown}.ics").status_code == 404  # Django logs "Not Found: ..."
        assert anon_client.get(f"/agenda/{raw}.ics?token={raw}").status_code == 200
    messages = "\n".join(logged_text(r) for r in caplog.records)
    text = "\n".join(json_lines)
    assert "Not Found" in messages  # the 404 line was written, without the key
    for secret in (raw, unknown):
        assert secret not in messages and secret not in text
    paths = {line["path"] for line in request_lines(json_lines)}
    assert paths == {"/agenda/[weggelaten].ics"}


def test_redaction_of_secret_paths_and_query_strings_in_any_message():
    from jv.ops.logs import RedactFilter, redact, register_secret_path

    assert redact("GET /agenda/abc-DEF_123.ics 200") == "GET /agenda/[weggelaten].ics 200"
    assert redact("link https://example.org/a?risk=x&age=14 failed") == "link https://example.org/a?[weggelaten] failed"
    assert redact("Klaar?") == "Klaar?"
    register_secret_path(r"/uitnodiging/([0-9a-f]{8,})/")
    assert redact("/uitnodiging/deadbeef00/") == "/uitnodiging/[weggelaten]/"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s", ("/agenda/geheim.ics",), None)
    record.path = "/agenda/geheim.ics?x=1"
    assert RedactFilter().filter(record)
    assert record.getMessage() == "/agenda/[weggelaten].ics" and record.path == "/agenda/[weggelaten].ics?[weggelaten]"


def test_outage_answer_is_logged_as_warning_with_request_id(anon_client, json_lines):
    from jv.ops.tests.helpers import database_down

    with database_down():
        response = anon_client.get("/bronnen/")
    records = [json.loads(line) for line in json_lines]
    (line,) = request_lines(json_lines)
    assert line["status"] == 503 and line["level"] == "WARNING" and line["unavailable"] is True
    outage = [r for r in records if r["logger"] == "jv.ops.outage"]
    assert outage[0]["request_id"] == response["X-Request-ID"]
    assert not [r for r in records if r["level"] == "ERROR"]


def test_health_probes_are_logged_at_debug_only(anon_client, json_lines):
    anon_client.get("/healthz")
    assert request_lines(json_lines)[0]["level"] == "DEBUG"


def test_formatter_handles_exceptions_and_odd_extras():
    formatter = JsonFormatter()
    try:
        raise ValueError("kapot")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "fout %s", ('\x00quote"',), sys.exc_info())
    record.request = object()
    record.custom = {"a": 1}
    record.unserialisable = object()
    data = json.loads(formatter.format(record))
    assert data["message"] == 'fout \x00quote"'
    assert "ValueError: kapot" in data["exception"]
    assert data["custom"] == {"a": 1}
    assert "request" not in data and "unserialisable" not in data


def test_production_logging_uses_the_json_formatter(settings):
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert settings.LOGGING["formatters"]["json"]["()"] == "jv.ops.logs.JsonFormatter"
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_context", "redact"]
