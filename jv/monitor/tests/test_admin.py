"""Admin import: upload -> preview (or the full error list) -> confirm; nothing saved before."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jv.monitor.models import Figure, ImportRecord, PendingImport

pytestmark = pytest.mark.django_db
URL = "/admin/monitor_import/"


def upload(client, content: bytes, name="cijfers.csv"):
    return client.post(URL, {"action": "upload", "file": SimpleUploadedFile(name, content, content_type="text/csv")})


def test_preview_shows_counts_and_saves_nothing_until_confirmed(editor_client, editor):
    response = upload(
        editor_client, b"gemeentecode;indicator;periode;aantal\nGM0599;halt;2026-H1;120\nGM0505;halt;2025-H2;7\n"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 nieuw" in body and "fictieve cijfers verwijderd" in body
    assert Figure.objects.filter(indicator__code="halt", is_fictitious=False).count() == 0
    pending = PendingImport.objects.get()
    response = editor_client.post(URL, {"action": "confirm", "pending": pending.pk})
    assert response.status_code == 302
    assert Figure.objects.filter(indicator__code="halt").count() == 2
    record = ImportRecord.objects.get()
    assert (record.user, record.filename, record.created) == (editor, "cijfers.csv", 2)
    assert not PendingImport.objects.exists()
    page = editor_client.get(URL).content.decode()
    assert "cijfers.csv" in page


def test_errors_are_listed_with_line_numbers_and_nothing_is_kept(editor_client):
    response = upload(
        editor_client, b"gemeentecode,indicator,periode,aantal\nGM0599,halt,2026-H1,1\nGM9999,halt,2026-H1,x\n"
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "regel 3: onbekende gemeentecode" in body and "regel 3: aantal" in body
    assert 'role="alert"' in body
    assert not PendingImport.objects.exists()
    assert not ImportRecord.objects.exists()


def test_cancel_discards_the_upload(editor_client):
    upload(editor_client, b"gemeentecode,indicator,periode,aantal\nGM0599,halt,2026-H1,1\n")
    pending = PendingImport.objects.get()
    editor_client.post(URL, {"action": "cancel", "pending": pending.pk})
    assert not PendingImport.objects.exists()
    assert not Figure.objects.filter(period="2026-H1").exists()


def test_confirm_with_a_foreign_or_bogus_pending_id_does_nothing(editor_client, member):
    other = PendingImport.objects.create(
        user=member, filename="x.csv", content=b"gemeentecode,indicator,periode,aantal\nGM0599,halt,2026-H1,1\n"
    )
    for value in (other.pk, "abc", "\x00", "9" * 30):
        response = editor_client.post(URL, {"action": "confirm", "pending": value})
        assert response.status_code == 302
    assert not Figure.objects.filter(period="2026-H1").exists()


def test_xlsx_upload_is_previewed(editor_client):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["gemeentecode", "indicator", "periode", "aantal"])
    workbook.active.append(["GM0599", "enver", "2026-H1", 12])
    out = io.BytesIO()
    workbook.save(out)
    response = upload(editor_client, out.getvalue(), "cijfers.xlsx")
    assert response.status_code == 200 and "1 nieuw" in response.content.decode()


def test_wrong_file_type_is_refused(editor_client):
    response = upload(editor_client, b"%PDF-1.4", "rapport.pdf")
    assert response.status_code == 400


def test_members_without_admin_rights_cannot_import(member_client):
    response = member_client.get(URL)
    assert response.status_code in (302, 403)
    response = upload(member_client, b"gemeentecode,indicator,periode,aantal\nGM0599,halt,2026-H1,1\n")
    assert response.status_code in (302, 403)
    assert not PendingImport.objects.exists()


def test_monitor_snippets_are_listed_in_the_admin(editor_client):
    for path in (
        "/admin/snippets/monitor/area/",
        "/admin/snippets/monitor/indicator/",
        "/admin/snippets/monitor/figure/",
        "/admin/snippets/monitor/contextfigure/",
    ):
        assert editor_client.get(path).status_code == 200, path
    body = editor_client.get("/admin/snippets/monitor/area/?to_verify=true").content.decode()
    assert "Rijnmond-Noord" in body
