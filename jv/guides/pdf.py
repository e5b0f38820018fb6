"""PDF rendering with WeasyPrint: tagged (PDF/UA-1) output, no external requests at all.

WeasyPrint needs Pango (Debian: libpango-1.0-0 and libpangoft2-1.0-0) and a font
(fonts-dejavu-core is enough).
"""

from __future__ import annotations

import logging

from django.template.loader import render_to_string

from jv.core.pdf import write_pdf  # the one URL fetcher: our own static files only

# WeasyPrint reports every rendering step at INFO; keep the console for real problems.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)


def render_pdf(template: str, context: dict, request=None) -> bytes:
    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return write_pdf(
        html, stylesheets=["guides/guides-pdf.css"], base_url=base_url, pdf_variant="pdf/ua-1", pdf_tags=True
    )
