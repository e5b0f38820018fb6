"""Templates keep to the strict CSP: no inline script, style or event handler anywhere."""

import re

from jv.quality import html
from jv.quality.tests.conftest import is_html

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def test_no_inline_scripts_styles_or_handlers_without_the_nonce(fetched_pages):
    problems = []
    for page, response in fetched_pages:
        if not is_html(response):
            continue
        nonces = set(re.findall(r"'nonce-([^']+)'", response.get("Content-Security-Policy", "")))
        scan = html.scan(response.content.decode())
        for attrs in scan.inline_scripts:
            if attrs.get("type", "").lower() in DATA_SCRIPT_TYPES:
                continue
            if attrs.get("nonce") not in nonces:
                problems.append(f"{page.path}: inline <script> without the request's nonce")
        if scan.inline_styles:
            problems.append(f"{page.path}: <style> block")
        problems += [f"{page.path}: style attribute on <{tag}>" for tag in scan.style_attributes]
        problems += [f"{page.path}: event handler {handler}" for handler in scan.event_handlers]
        problems += [f"{page.path}: javascript: URL in {where}" for where in scan.javascript_urls]
    assert not problems, problems


def test_the_scanner_finds_what_the_policy_would_block():
    scan = html.scan(
        '<script>alert(1)</script><style>p{}</style><p style="color:red" onclick="x()">'
        '<a href="javascript:alert(1)">x</a><script src="https://cdn.example.com/x.js"></script>'
    )
    assert len(scan.inline_scripts) == 1 and scan.inline_styles == 1
    assert scan.style_attributes == ["p"] and scan.event_handlers == ["p[onclick]"]
    assert scan.javascript_urls == ["a[href]"]
    assert not html.is_same_origin(scan.loads[0])
