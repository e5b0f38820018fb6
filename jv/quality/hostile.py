"""Hostile values for query strings, forms and paths, and the checks every answer must pass."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote

XSS_MARKERS = ('<script>alert("jv-xss")</script>', '<img src=x onerror=alert("jv-xss")>')


@dataclass(frozen=True)
class Hostile:
    name: str
    value: str = ""
    raw: str | None = None  # already percent-encoded text, sent exactly as written

    def query(self) -> str:
        return self.raw if self.raw is not None else quote(self.value, safe="")


HOSTILE_VALUES: list[Hostile] = [
    Hostile("script tag", XSS_MARKERS[0]),
    Hostile("attribute break-out", '"><img src=x onerror=alert("jv-xss")>'),
    Hostile("quotes", "'\"`;--"),
    Hostile("SQL", "' OR '1'='1' --"),
    Hostile("SQL statement", "1; DROP TABLE auth_user; --"),
    Hostile("NUL byte", "abc\x00def"),
    Hostile("only NUL", "\x00"),
    Hostile("invalid UTF-8", raw="%ff%fe%c3%28"),
    Hostile("overlong UTF-8", raw="%c0%ae%c0%ae%c0%af"),
    Hostile("huge number", "9" * 40),
    Hostile("negative number", "-1"),
    Hostile("huge negative number", "-" + "9" * 30),
    Hostile("float overflow", "1e309"),
    Hostile("path traversal", "../../../../etc/passwd"),
    Hostile("encoded path traversal", raw="..%2f..%2f..%2f..%2fetc%2fpasswd"),
    Hostile("20,000 characters", "x" * 20_000),
    Hostile("unicode controls", "\u202e\ufeff\u200b🙂ẞ"),
    Hostile("CRLF", "a\r\nSet-Cookie: jv-injected=1"),
    Hostile("template syntax", "{{ settings.SECRET_KEY }}{% debug %}"),
]


def problems(response, where: str, api: bool = False) -> list[str]:
    """What is wrong with an answer to hostile input (empty list: fine)."""
    found = []
    status = response.status_code
    if status >= 500:
        found.append(f"{where}: {status}")
    if "jv-injected" in response.cookies or any("jv-injected" in str(v) for v in response.headers.values()):
        found.append(f"{where}: header injection")
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", errors="replace") if not getattr(response, "streaming", False) else ""
    if "Traceback (most recent call last)" in body:
        found.append(f"{where}: traceback in the answer")
    if content_type.startswith("text/html"):
        for marker in XSS_MARKERS:
            if marker in body:
                found.append(f"{where}: unescaped reflection of {marker!r}")
    if api and status != 204:
        if "json" not in content_type:
            found.append(f"{where}: {content_type or 'no content type'} instead of JSON")
        else:
            try:
                json.loads(body)
            except ValueError:
                found.append(f"{where}: invalid JSON")
    return found
