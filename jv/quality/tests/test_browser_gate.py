"""The live server's gate: between tests no request reaches Django (and so never the test's
shared database connection); a closing test waits for requests already let through."""

from __future__ import annotations

import threading
import time

from jv.quality.fixtures import _Gate


def _call(app):
    statuses = []
    body = app({}, lambda status, headers: statuses.append(status))
    return statuses[0], b"".join(body)


def test_a_request_between_tests_gets_503_without_reaching_django():
    reached = []
    gate = _Gate()
    app = gate.wrap(lambda environ, start_response: reached.append(1) or start_response("200 OK", []) or [b"ok"])
    assert _call(app) == ("503 Service Unavailable", b"No test is running.")
    assert reached == []
    gate.open()
    assert _call(app) == ("200 OK", b"ok")
    gate.close()
    assert _call(app)[0].startswith("503") and reached == [1]


def test_closing_waits_for_a_request_in_flight_and_its_response_close():
    events = []
    started = threading.Event()

    class Response:
        def __iter__(self):
            time.sleep(0.2)
            events.append("read")
            return iter([b"ok"])

        def close(self):
            events.append("closed")  # Django sends request_finished here

    def slow(environ, start_response):
        started.set()
        start_response("200 OK", [])
        return Response()

    gate = _Gate()
    app = gate.wrap(slow)
    gate.open()
    worker = threading.Thread(target=_call, args=(app,))
    worker.start()
    started.wait(2)
    gate.close()
    events.append("test ends")
    worker.join()
    assert events == ["read", "closed", "test ends"]
