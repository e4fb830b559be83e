"""A declared register end to end (issue 15 §7): list with filters and keyset pagination, create and edit with field
history, stale edits refused, permissions, XLSX export and import. The risk register of `tests.registers_app` is
declared the way a domain module will declare its own."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from sopan.core.models import AuditEvent
from sopan.core.registers import services
from sopan.core.testing import login
from tests.registers_app.models import Risk
from tests.registers_app.registers import RISKS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.registers_app.urls")]

LIST = "/test-registers/risks/"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DAY = datetime.date(2026, 1, 5)


def _risk(organization, title="Server down", *, category="operational", level=2, owner="Kepala LPSE", days=0):
    return Risk.objects.create(
        organization=organization,
        title=title,
        category=category,
        level=level,
        owner=owner,
        due_on=DAY + datetime.timedelta(days=days),
    )


def _workbook(rows, headers=("Judul Risiko", "Kategori", "Tingkat", "Pemilik Risiko", "Tenggat")) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(content: bytes, name="risiko.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX_TYPE)


def _import(client, content: bytes):
    """Upload, check the preview (nothing written yet), confirm."""
    preview = client.post(f"{LIST}import/", {"file": _upload(content)})
    assert preview.status_code == 200, preview.context and preview.context["problems"]
    assert preview.context["preview"]
    assert not Risk.objects.exists()
    return client.post(f"{LIST}import/", {"token": preview.context["token"]})


# --- the list ------------------------------------------------------------------------------------------------------
def test_lpse_head_pages_through_the_register_in_keyset_pages_with_a_bounded_number_of_queries(
    client, lpse_head, organization, other_organization, django_assert_max_num_queries
):
    Risk.objects.bulk_create(
        Risk(organization=organization, title=f"Risk {n:02d}", category="operational", level=1, due_on=DAY)
        for n in range(RISKS.page_size + 5)
    )
    _risk(other_organization, "Batang's own risk")
    login(client, lpse_head)
    client.get(LIST)  # the session and the user's roles warmed up, as on any page after the first

    with django_assert_max_num_queries(8):
        first = client.get(LIST)
    assert first.status_code == 200
    assert len(first.context["rows"]) == RISKS.page_size
    cursor = first.context["page"].next_cursor
    assert cursor and f"cursor={cursor}" in first.content.decode()
    with django_assert_max_num_queries(8) as queries:
        second = client.get(LIST, {"cursor": cursor})
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
    titles = [line["row"].title for line in second.context["rows"]]
    assert len(titles) == 5
    assert not set(titles) & {line["row"].title for line in first.context["rows"]}
    assert "Batang's own risk" not in first.content.decode() + second.content.decode()
    assert second.context["page"].next_cursor is None


def test_filters_by_choice_text_and_date_range_answer_the_results_partial_for_htmx(client, lpse_head, organization):
    _risk(organization, "Server down", category="operational", owner="Dimas", days=0)
    _risk(organization, "Budget cut", category="financial", owner="Rina", days=10)
    _risk(organization, "Audit finding", category="compliance", owner="Rina", days=40)
    login(client, lpse_head)

    def titles(**params):
        response = client.get(LIST, params, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert "<h1" not in response.content.decode()  # the results only
        content = response.content.decode()
        return sorted(title for title in ("Server down", "Budget cut", "Audit finding") if title in content)

    assert titles(category="financial") == ["Budget cut"]
    assert titles(q="rina") == ["Audit finding", "Budget cut"]
    assert titles(due_on_from="2026-01-10", due_on_to="2026-01-31") == ["Budget cut"]
    assert titles(q="rina", category="compliance") == ["Audit finding"]
    assert titles(category="not-a-category") == ["Audit finding", "Budget cut", "Server down"]  # ignored, not a 500


# --- create, edit, history -----------------------------------------------------------------------------------------
def test_lpse_head_adds_a_risk_and_its_history_shows_the_fields(client, lpse_head, organization):
    login(client, lpse_head)
    data = {
        "title": "Gangguan jaringan",
        "category": "operational",
        "level": "3",
        "owner": "Admin",
        "due_on": "2026-02-01",
    }

    response = client.post(f"{LIST}new/", data)

    assert response.status_code == 302
    risk = Risk.objects.get(title="Gangguan jaringan")
    assert (risk.organization, risk.level, risk.version) == (organization, 3, 1)
    event = AuditEvent.objects.get(action="registers_app.risk.created", target_id=str(risk.pk))
    assert event.changes["title"] == [None, "Gangguan jaringan"]
    assert event.changes["due_on"] == [None, "2026-02-01"]
    assert event.actor == lpse_head
    history = client.get(f"{LIST}{risk.pk}/history/")
    assert history.status_code == 200
    assert "Gangguan jaringan" in history.content.decode()
    assert [e.action for e in history.context["page"].items] == ["registers_app.risk.created"]


def test_an_invalid_form_is_shown_again_and_writes_nothing(client, lpse_head, organization):
    login(client, lpse_head)
    response = client.post(f"{LIST}new/", {"title": "", "category": "operational", "level": "9", "due_on": "x"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "level", "due_on"}
    assert not Risk.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="registers_app.").exists()


def test_an_edit_records_old_and_new_values_and_raises_the_version(client, lpse_head, organization):
    risk = _risk(organization, level=2)
    login(client, lpse_head)
    form = client.get(f"{LIST}{risk.pk}/edit/")
    assert 'name="version" value="1"' in form.content.decode()

    data = {"title": risk.title, "category": "financial", "level": "4", "owner": risk.owner, "due_on": "2026-01-05"}
    response = client.post(f"{LIST}{risk.pk}/edit/", {**data, "version": "1"})

    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.category, risk.level, risk.version) == ("financial", 4, 2)
    event = AuditEvent.objects.get(action="registers_app.risk.updated", target_id=str(risk.pk))
    assert event.changes == {"category": ["operational", "financial"], "level": [2, 4]}
    history = client.get(f"{LIST}{risk.pk}/history/")
    assert [e.action for e in history.context["page"].items] == ["registers_app.risk.updated"]


def test_a_save_on_a_stale_copy_is_refused(client, lpse_head, organization):
    risk = _risk(organization, level=2)
    data = {"title": risk.title, "category": "operational", "level": "3", "owner": "", "due_on": "2026-01-05"}
    services.register_update(register=RISKS, row=risk, data={**data, "version": "1"}, by=lpse_head)
    login(client, lpse_head)

    response = client.post(f"{LIST}{risk.pk}/edit/", {**data, "level": "5", "version": "1"})

    assert response.status_code == 200
    assert "setelah Anda membukanya" in response.content.decode()
    risk.refresh_from_db()
    assert (risk.level, risk.version) == (3, 2)
    assert AuditEvent.objects.filter(action="registers_app.risk.updated").count() == 1


# --- permissions ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "read", "change", "add"),
    [
        ("lpse_head", 200, 302, 200),
        ("verifier", 200, 403, 403),  # reads the register and exports it, changes nothing
        ("helpdesk_agent", 403, 403, 403),  # no capability: refused before any row is looked up
        ("outsider", 200, 404, 200),  # manages Batang's register, never sees Salatiga's rows
    ],
)
def test_role_matrix(client, personas, organization, persona, read, change, add):
    risk = _risk(organization)
    login(client, personas[persona])
    data = {"title": "X", "category": "operational", "level": "1", "owner": "", "due_on": "2026-01-05", "version": "1"}
    row_read = 404 if persona == "outsider" else read

    assert client.get(LIST).status_code == read
    assert client.get(f"{LIST}export.xlsx").status_code == read
    assert client.get(f"{LIST}{risk.pk}/edit/").status_code == row_read
    assert client.get(f"{LIST}{risk.pk}/history/").status_code == row_read
    assert client.get(f"{LIST}new/").status_code == add
    assert client.get(f"{LIST}import/").status_code == add
    assert client.post(f"{LIST}{risk.pk}/edit/", data).status_code == change
    risk.refresh_from_db()
    assert risk.title == ("X" if change == 302 else "Server down")
    if read == 200 and persona != "outsider":
        exported = openpyxl.load_workbook(io.BytesIO(client.get(f"{LIST}export.xlsx").content)).worksheets[0]
        assert exported.max_row == 2  # the header and Salatiga's one row


def test_the_outsider_lists_only_their_own_organisations_rows(client, personas, organization, other_organization):
    _risk(organization, "Salatiga's risk")
    _risk(other_organization, "Batang's risk")
    login(client, personas["outsider"])
    response = client.get(LIST)
    assert [line["row"].title for line in response.context["rows"]] == ["Batang's risk"]
    exported = openpyxl.load_workbook(io.BytesIO(client.get(f"{LIST}export.xlsx").content)).worksheets[0]
    assert [row[0] for row in exported.iter_rows(min_row=2, values_only=True)] == ["Batang's risk"]


def test_anonymous_is_sent_to_the_login(client, organization):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={LIST}")


def test_services_check_the_permission_themselves(personas, organization, other_organization):
    risk = _risk(organization)
    data = {"title": "X", "category": "operational", "level": "1", "owner": "", "due_on": "2026-01-05", "version": "1"}
    with pytest.raises(PermissionDenied):
        services.register_update(register=RISKS, row=risk, data=data, by=personas["verifier"])
    with pytest.raises(PermissionDenied):
        services.register_create(register=RISKS, organization=organization, data=data, by=personas["outsider"])
    with pytest.raises(PermissionDenied):
        services.register_import(
            register=RISKS, organization=other_organization, upload=_upload(_workbook([])), by=personas["lpse_head"]
        )
    assert Risk.objects.count() == 1


# --- export and import ---------------------------------------------------------------------------------------------
def test_export_is_the_filtered_list_with_indonesian_headers(client, lpse_head, organization, other_organization):
    _risk(organization, "Server down", category="operational", level=2, days=3)
    _risk(organization, "Budget cut", category="financial", level=4)
    _risk(other_organization, "Batang's risk", category="operational")
    login(client, lpse_head)

    response = client.get(f"{LIST}export.xlsx", {"category": "operational"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Judul Risiko", "Kategori", "Tingkat", "Pemilik Risiko", "Tenggat")
    assert len(rows) == 2
    title, category, level, owner, due = rows[1]
    assert (title, category, level, owner) == ("Server down", "Operasional", 2, "Kepala LPSE")
    assert due.date() == datetime.date(2026, 1, 8)


def test_an_exported_file_imports_back(client, lpse_head, organization):
    _risk(organization, "Server down", category="compliance", level=5)
    login(client, lpse_head)
    exported = client.get(f"{LIST}export.xlsx").content
    Risk.objects.all().delete()

    response = _import(client, exported)

    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.title, risk.category, risk.level, risk.due_on) == ("Server down", "compliance", 5, DAY)


def test_a_good_file_adds_every_row_each_audited(client, lpse_head, organization):
    login(client, lpse_head)
    content = _workbook(
        [
            ("Gangguan server", "Operasional", 3, "Admin", datetime.datetime(2026, 3, 1)),
            ("Anggaran dipotong", "financial", 2, None, "2026-04-01"),
        ]
    )

    response = _import(client, content)

    assert response.status_code == 302
    risks = {r.title: r for r in Risk.objects.filter(organization=organization)}
    assert set(risks) == {"Gangguan server", "Anggaran dipotong"}
    assert risks["Gangguan server"].category == "operational"
    assert risks["Anggaran dipotong"].due_on == datetime.date(2026, 4, 1)
    events = AuditEvent.objects.filter(action="registers_app.risk.imported")
    assert sorted(e.changes["title"][1] for e in events) == ["Anggaran dipotong", "Gangguan server"]
    assert all(e.actor == lpse_head for e in events)


def test_a_bad_file_writes_nothing_and_names_row_and_column_in_indonesian(client, lpse_head, organization):
    login(client, lpse_head)
    content = _workbook(
        [
            ("Baik", "Operasional", 3, "Admin", "2026-03-01"),
            ("Kategori salah", "Bencana", 3, "", "2026-03-01"),
            ("Tingkat salah", "financial", 9, "", "bukan tanggal"),
        ]
    )

    response = client.post(f"{LIST}import/", {"file": _upload(content)})

    assert response.status_code == 400
    assert not Risk.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="registers_app.").exists()
    problems = response.context["problems"]
    assert any(p.startswith("Baris 3, kolom Kategori (B): ") for p in problems), problems
    assert any(p.startswith("Baris 4, kolom Tingkat (C): ") for p in problems), problems
    assert any(p.startswith("Baris 4, kolom Tenggat (E): ") for p in problems), problems
    assert not any(p.startswith("Baris 2") for p in problems)
    assert "Tidak ada yang diimpor" in response.content.decode()


def test_a_file_missing_a_column_is_refused(client, lpse_head, organization):
    login(client, lpse_head)
    content = _workbook([("Judul", "financial")], headers=("Judul Risiko", "Kategori"))
    response = client.post(f"{LIST}import/", {"file": _upload(content)})
    assert response.status_code == 400
    assert any("Tingkat" in p and "Tenggat" in p for p in response.context["problems"])
    assert not Risk.objects.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"Judul Risiko,Kategori\nServer,operational\n", "risiko.xlsx"),  # text named as a workbook
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "risiko.xlsx"),
    ],
)
def test_a_file_that_is_no_workbook_is_refused_by_its_content(client, lpse_head, organization, content, name):
    login(client, lpse_head)
    response = client.post(f"{LIST}import/", {"file": _upload(content, name)})
    assert response.status_code == 400
    assert response.context["problems"]
    assert not Risk.objects.exists()


def test_an_export_past_the_bound_is_refused_with_a_message_rather_than_cut_short(
    client, lpse_head, organization, monkeypatch
):
    monkeypatch.setattr("sopan.core.registers.views.MAX_EXPORT_ROWS", 2)
    for n in range(3):
        _risk(organization, f"Risk {n}", category="financial" if n else "operational")
    login(client, lpse_head)

    refused = client.get(f"{LIST}export.xlsx", follow=True)
    allowed = client.get(f"{LIST}export.xlsx", {"category": "financial"})

    assert refused.redirect_chain == [(LIST, 302)]
    assert "saring daftar lebih lanjut" in refused.content.decode()
    rows = list(openpyxl.load_workbook(io.BytesIO(allowed.content)).worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Risk 1", "Risk 2"]


def test_a_filter_that_does_not_parse_is_left_out_and_the_others_still_apply(client, lpse_head, organization):
    _risk(organization, "Server down", category="operational")
    _risk(organization, "Budget cut", category="financial")
    login(client, lpse_head)
    response = client.get(LIST, {"category": "financial", "due_on_from": "not a date"})
    assert response.status_code == 200
    assert [line["row"].title for line in response.context["rows"]] == ["Budget cut"]
    assert "due_on_from" in response.context["form"].errors


def test_the_registers_audit_events_are_named_in_words():
    from django.utils import translation

    from sopan.core import audit_display

    events = audit_display.declarations()[0]
    for event in ("created", "updated", "imported"):
        assert RISKS.audit_code(event) in events
    with translation.override("id"):
        assert audit_display.event_label("registers_app.risk.imported") == "Risiko diimpor"


def test_the_preview_shows_the_rows_and_a_changed_or_foreign_confirmation_imports_nothing(
    client, personas, organization
):
    login(client, personas["lpse_head"])
    content = _workbook([("Gangguan server", "operational", 3, "Admin", "2026-03-01")])
    preview = client.post(f"{LIST}import/", {"file": _upload(content)})
    assert preview.context["preview"] == [(2, ["Gangguan server", "Operasional", 3, "Admin", "2026-03-01"])]
    assert "Impor 1 baris" in preview.content.decode()
    token = preview.context["token"]

    changed = client.post(f"{LIST}import/", {"token": token[:-2] + ("AA" if token[-2:] != "AA" else "BB")})
    login(client, personas["outsider"])
    foreign = client.post(f"{LIST}import/", {"token": token})

    for response in (changed, foreign):
        assert response.status_code == 400
        assert "unggah kembali" in response.content.decode()
    assert not Risk.objects.exists()
