"""Every PDF goes through one URL fetcher that loads our own static files and nothing else."""

import ast
from io import BytesIO
from pathlib import Path

import pytest

from jv.core import pdf
from jv.upkeep.tests.servers import http_server

ROOT = Path(__file__).resolve().parents[3]
STATIC_IMAGE = "/static/wagtailadmin/images/default-user-avatar.png"  # any static PNG of ours


def image_count(data: bytes) -> int:
    from pypdf import PdfReader

    count = 0
    for page in PdfReader(BytesIO(data)).pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        count += sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")
    return count


def render(body: str) -> bytes:
    return pdf.write_pdf(f"<html><body><h1>Test</h1>{body}</body></html>", base_url="http://testserver/")


def test_our_own_static_files_are_loaded_from_disk():
    assert pdf.own_static_file("http://testserver" + STATIC_IMAGE)
    assert image_count(render(f'<img src="{STATIC_IMAGE}" alt="">')) == 1


def test_hostile_file_and_network_addresses_are_never_loaded(tmp_path):
    secret = tmp_path / "geheim.png"
    secret.write_bytes(Path(pdf.own_static_file("http://x" + STATIC_IMAGE)).read_bytes())
    with http_server() as (base, recorder):
        hostile = "".join(
            [
                '<img src="file:///etc/passwd" alt="">',
                f'<img src="file://{secret}" alt="">',
                f'<img src="{base}/ok" alt="">',
                f'<link rel="stylesheet" href="{base}/missing">',
                f'<style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png"); }}</style>',
                '<img src="http://169.254.169.254/latest/meta-data/" alt="">',
                '<img src="ftp://example.org/x.png" alt="">',
                '<img src="/static/../../../../etc/passwd" alt="">',
                '<img src="/static/%2e%2e/%2e%2e/etc/passwd" alt="">',
                '<img src="/media/original_images/x.png" alt="">',
                '<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E" alt="">',
            ]
        )
        data = render(hostile)
    assert data.startswith(b"%PDF")
    assert recorder.requests == []  # nothing reached the network
    assert image_count(data) == 0  # and no local file outside the static files was embedded


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://testserver/static/../settings.py",
        "http://testserver/static/",
        "http://testserver/media/x.png",
        "http://testserver/static/jv/does-not-exist.css",
        "ftp://testserver/static/wagtailadmin/images/default-user-avatar.png",
        "data:text/plain,hallo",
    ],
)
def test_anything_but_an_existing_static_file_is_refused(url):
    assert pdf.own_static_file(url) is None
    with pytest.raises(pdf.ResourceRefused):
        pdf.url_fetcher().fetch(url)


def test_no_module_renders_a_pdf_around_the_one_fetcher():
    """WeasyPrint's HTML/CSS are used only in jv/core/pdf.py: every renderer goes through it."""
    offenders = []
    for path in (ROOT / "jv").rglob("*.py"):
        if "tests" in path.parts or path == ROOT / "jv" / "core" / "pdf.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("weasyprint"):
                offenders.append(str(path.relative_to(ROOT)))
            elif isinstance(node, ast.Import) and any(a.name.startswith("weasyprint") for a in node.names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
