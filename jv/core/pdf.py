"""Every PDF of the platform is rendered here, through ONE URL fetcher.

WeasyPrint fetches whatever a document refers to: ``<img src>``, ``<link>``, CSS ``url()``,
``@font-face``, ``@import``. Content comes partly from editors (rich text), so an
``<img src="file:///etc/passwd">`` or ``<img src="http://10.0.0.1/">`` would read local files or
reach internal services while the server renders. :class:`StaticOnlyFetcher` serves our own
static files (``/static/...`` under any host name, read from disk by the staticfiles finders,
nothing is requested over the network) and refuses everything else: ``file:``, ``data:``,
``ftp:``, every other address and every path outside the static files. A refused resource is
left out of the PDF (WeasyPrint continues) and logged without its query string.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

for _name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class ResourceRefused(ValueError):
    pass


def _static_prefix() -> str:
    return urlsplit(settings.STATIC_URL).path or "/static/"


def _static_roots() -> list[str]:
    roots = []
    for finder in finders.get_finders():
        for _prefix, storage in getattr(finder, "locations", []) or []:
            roots.append(storage if isinstance(storage, str) else getattr(storage, "location", ""))
        for storage in (getattr(finder, "storages", {}) or {}).values():
            roots.append(getattr(storage, "location", ""))
    if settings.STATIC_ROOT:
        roots.append(str(settings.STATIC_ROOT))
    return [os.path.realpath(root) for root in roots if root]


def own_static_file(url: str) -> str | None:
    """The file on disk for ``url`` when it names one of our static files; otherwise None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    path = unquote(parts.path)
    prefix = _static_prefix()
    if not path.startswith(prefix) or "\x00" in path:
        return None
    relative = path[len(prefix) :]
    if not relative or any(segment in ("..", ".") for segment in relative.split("/")) or relative.startswith("/"):
        return None
    try:
        found = finders.find(relative)
    except Exception:  # noqa: BLE001 - SuspiciousFileOperation and the like: refuse
        return None
    if not found and settings.STATIC_ROOT:
        candidate = os.path.join(str(settings.STATIC_ROOT), relative)
        found = candidate if os.path.isfile(candidate) else None
    if not found:
        return None
    real = os.path.realpath(found)
    if not any(real == root or real.startswith(root + os.sep) for root in _static_roots()):
        return None
    return real if os.path.isfile(real) else None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves our own static files from disk; refuses everything else (no file:, no network)."""

        def __init__(self):
            super().__init__(allowed_protocols=("http", "https"), allow_redirects=False, fail_on_errors=False)

        def fetch(self, url, headers=None):
            path = own_static_file(url)
            if path is None:
                logger.warning("PDF: resource refused: %s", url.split("?", 1)[0][:200])
                raise ResourceRefused("only our own static files are loaded in PDFs")
            with open(path, "rb") as handle:
                body = handle.read()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

        def open(self, url, data=None, timeout=None):  # never through urllib's handlers
            return self.fetch(getattr(url, "full_url", url))

    return StaticOnlyFetcher


def url_fetcher():
    """A new instance of the one fetcher every PDF uses."""
    return _fetcher_class()()


def static_stylesheet(name: str) -> str:
    """The text of one of our static stylesheets (``guides/guides-pdf.css``)."""
    path = finders.find(name)
    if not path:
        raise FileNotFoundError(name)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def write_pdf(html: str, *, stylesheets=(), base_url: str | None = None, **options) -> bytes:
    """Render ``html`` with our static ``stylesheets`` (names under the static files) to PDF bytes.

    ``base_url`` resolves relative links (an absolute site address for clickable links); nothing
    is ever requested from it. ``options`` go to WeasyPrint's ``write_pdf`` (``pdf_variant``...).
    """
    from weasyprint import CSS, HTML

    fetcher = url_fetcher()
    base = base_url or settings.SITE_URL.rstrip("/") + "/"
    static_base = base.rstrip("/") + _static_prefix()
    sheets = [
        CSS(string=static_stylesheet(name), base_url=static_base + name, url_fetcher=fetcher) for name in stylesheets
    ]
    return HTML(string=html, base_url=base, url_fetcher=fetcher).write_pdf(stylesheets=sheets, **options)
