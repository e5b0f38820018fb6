"""Monitor imports are bounded: file size, rows, columns, zip bombs; no upload stays on disk."""

import io
import os
import tempfile
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jv.monitor import importing
from jv.monitor.models import ImportRecord, PendingImport
from jv.monitor.tests.test_importing import xlsx_bytes

URL = "/admin/monitor_import/"


def bomb(unpacked_mb: int = 200) -> bytes:
    """A valid-looking XLSX whose sheet unpacks from a few hundred kB to ``unpacked_mb`` MB."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes([("GM0599", "halt", "2026-H1", 1)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in good.infolist():
            data = good.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"</sheetData>" + b" " * (unpacked_mb * 1024 * 1024))
            archive.writestr(item.filename, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    data = bomb(200)
    assert len(data) < 1024 * 1024  # small on the wire
    with pytest.raises(importing.FileError, match="zip bomb"):
        importing.read_table(data, "cijfers.xlsx")


def test_too_many_unpacked_bytes_are_refused_even_at_a_modest_ratio(monkeypatch):
    monkeypatch.setattr(importing, "MAX_UNPACKED_BYTES", 50_000)
    data = xlsx_bytes([("GM0599", "halt", "2026-H1", i) for i in range(3000)])
    with pytest.raises(importing.FileError, match="MB"):
        importing.read_table(data, "cijfers.xlsx")


def test_rows_and_columns_are_bounded(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    with pytest.raises(importing.FileError, match="meer dan 5"):
        importing.read_table(xlsx_bytes([("GM0599", "halt", "2026-H1", i) for i in range(10)]), "c.xlsx")
    monkeypatch.setattr(importing, "MAX_ROWS", 1_000_000)
    wide = xlsx_bytes([("GM0599", "halt", "2026-H1", 1, *range(500))], header=tuple(f"k{i}" for i in range(504)))
    rows = importing.read_table(wide, "breed.xlsx")
    assert all(len(cells) <= importing.MAX_COLUMNS for _n, cells in rows)


def test_an_oversized_upload_is_cut_off_while_it_arrives(editor_client, monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 2048)
    content = b"gemeentecode;indicator;periode;aantal\n" + b"GM0599;halt;2026-H1;1\n" * 500
    response = editor_client.post(URL, {"action": "upload", "file": SimpleUploadedFile("groot.csv", content)})
    assert response.status_code == 400
    assert "groter dan" in response.content.decode()
    assert not PendingImport.objects.exists() and not ImportRecord.objects.exists()


def test_a_zip_bomb_upload_gets_a_dutch_error_not_a_500(editor_client):
    response = editor_client.post(URL, {"action": "upload", "file": SimpleUploadedFile("bom.xlsx", bomb(200))})
    assert response.status_code == 400
    assert "zip bomb" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_no_uploaded_file_is_left_in_the_temp_directory(editor_client, settings, tmp_path):
    """Even a file above Django's in-memory limit never becomes a temporary file on disk."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # Django would spool anything larger to disk
    rows = [("GM0599", "halt", "2026-H1", i) for i in range(400)]
    data = xlsx_bytes(rows)
    assert len(data) > 1024
    before = set(os.listdir(tempfile.gettempdir()))
    response = editor_client.post(URL, {"action": "upload", "file": SimpleUploadedFile("c.xlsx", data)})
    assert response.status_code in (200, 400)
    assert os.listdir(tmp_path) == []
    leftovers = [n for n in set(os.listdir(tempfile.gettempdir())) - before if n.endswith(".upload.xlsx")]
    assert leftovers == []


def test_the_command_refuses_an_oversized_file_before_reading_it(tmp_path, monkeypatch):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setattr("jv.monitor.management.commands.import_monitor.MAX_BYTES", 100)
    path = tmp_path / "groot.csv"
    path.write_bytes(b"gemeentecode;indicator;periode;aantal\n" + b"GM0599;halt;2026-H1;1\n" * 20)
    with pytest.raises(CommandError, match="groter dan"):
        call_command("import_monitor", str(path))
