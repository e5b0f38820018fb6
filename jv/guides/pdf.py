"""PDF rendering with WeasyPrint: tagged (PDF/UA-1) output, no external requests at all.

WeasyPrint needs Pango (Debian: libpango-1.0-0 and libpangoft2-1.0-0) and a font
(fonts-dejavu-core is enough).
"""

from __future__ import annotations

import logging

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# WeasyPrint reports every rendering step at INFO; keep the console for real problems.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)


def _no_fetch():
    from weasyprint.urls import URLFetcher

    class NoFetcher(URLFetcher):
        """Refuse every resource: the document carries its CSS inline, and links stay links."""

        def fetch(self, url, headers=None):
            raise ValueError("external resources are not loaded")

    return NoFetcher()


def _stylesheet() -> str:
    path = finders.find("guides/guides-pdf.css")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def render_pdf(template: str, context: dict, request=None) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    document = HTML(string=html, base_url=base_url, url_fetcher=_no_fetch())
    return document.write_pdf(
        stylesheets=[CSS(string=_stylesheet(), url_fetcher=_no_fetch())],
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
    )
