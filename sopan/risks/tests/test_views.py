"""The /risiko/ pages: who gets what, the heat map, the refusals in Indonesian on the page with nothing changed, the
files (XLSX in the office layout, PDF), and the import (every wrong row named, nothing imported then)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sopan.core.testing import login
from sopan.procurement.tests.factories import person
from sopan.risks import spreadsheet
from sopan.risks.models import Risk, Treatment
from sopan.risks.tests.factories import analysed, bind_risk_sops, day, id_, identified, reported

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(organization):
    bind_risk_sops(organization)
    return organization


def _as(client, organization, username):
    login(client, person(organization, username))
    return client


def _url(name, **kwargs):
    return reverse(f"risks:{name}", kwargs=kwargs)


def _xlsx(rows, headers=spreadsheet.HEADERS) -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("risiko.xlsx", buffer.getvalue(), content_type=spreadsheet.__name__)


def test_the_register_shows_the_heat_maps_counted_and_coloured(org, client):
    reported(org)
    _as(client, org, "kepala.ukpbj")
    page = client.get(_url("risk-list"))
    html = page.content.decode()
    assert page.status_code == 200 and "risk-table" in html
    assert 'id="heatmap-procurement-inherent"' in html and 'id="heatmap-procurement-residual"' in html
    assert 'data-cell="4-4" data-count="1"' in html  # inherent 4 × 4
    assert 'data-cell="2-3" data-count="1"' in html  # residual 2 × 3
    assert 'fill="#ff9800"' in html  # the level Tinggi's colour


def test_vendor_and_helpdesk_get_403_another_organisation_404(org, client, outsider, personas):
    risk = identified(org)
    for name in ("vendor_admin", "helpdesk_agent"):
        login(client, personas[name])
        assert client.get(_url("risk-list")).status_code == 403
        assert client.get(_url("risk-detail", pk=risk.pk)).status_code == 403
    login(client, outsider)
    assert client.get(_url("risk-detail", pk=risk.pk)).status_code == 404


def test_a_rating_outside_the_criteria_shows_the_message_and_changes_nothing(org, client):
    risk = identified(org)
    _as(client, org, "pa.kpa")
    response = client.post(_url("risk-analyse", pk=risk.pk), {"inherent_likelihood": 7, "inherent_impact": 2,
                                                              "version": risk.version})  # fmt: skip
    assert response.status_code == 400
    assert id_("The likelihood must be between 1 and %(max)s on the criteria “%(criteria)s”.", max=5,
               criteria=risk.criteria.name) in response.content.decode()  # fmt: skip
    risk.refresh_from_db()
    assert risk.status == Risk.Status.IDENTIFIED and risk.inherent_likelihood is None


def test_a_treatment_without_owner_shows_the_message_and_adds_nothing(org, client):
    risk = analysed(org)
    _as(client, org, "pa.kpa")
    response = client.post(_url("treatment-add", pk=risk.pk), {"action": "Survei", "due_on": day(3).isoformat()})
    assert response.status_code == 400
    assert id_("Choose who carries out the treatment: a treatment needs an owner.") in response.content.decode()
    assert not Treatment.objects.exists()


def test_the_closing_guard_message_is_shown(org, client):
    risk = reported(org, residual=(4, 4))
    _as(client, org, "kepala.ukpbj")
    response = client.post(_url("risk-transition", pk=risk.pk), {"transition": "close", "version": risk.version})
    assert response.status_code == 400
    assert id_("The risk cannot be closed: its rating (%(score)s) is above the tolerance (%(tolerance)s) and its "
               "event has not passed. Continue its handling or escalate it.", score=16, tolerance=8) in (
        response.content.decode())  # fmt: skip
    risk.refresh_from_db()
    assert risk.status == Risk.Status.MONITORED


def test_export_xlsx_in_the_office_layout_and_pdf(org, client):
    from openpyxl import load_workbook

    risk = reported(org)
    _as(client, org, "kepala.ukpbj")
    response = client.get(_url("register-xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[3]] == list(spreadsheet.HEADERS)
    row = [c.value for c in sheet[4]]
    assert row[1] == risk.title and row[4] == 4 and row[6] == "Tinggi (16)" and row[10] == "Rendah (6)"
    assert row[12] == risk.owner.full_name
    pdf = client.get(_url("register-pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_import_names_every_wrong_row_and_imports_nothing(org, client):
    _as(client, org, "kepala.ukpbj")
    good = [1, "Risiko A", "Sebab", "Akibat", 3, 3, "", "", None, None, "", "Reviu", "kepala.ukpbj", day(9)]
    bad_rating = [2, "Risiko B", "Sebab", "Akibat", 9, 3, "", "", None, None, "", "", "kepala.ukpbj", None]
    no_owner = [3, "Risiko C", "Sebab", "Akibat", 2, 2, "", "", None, None, "", "", "siapa", None]
    response = client.post(_url("register-import"), {"file": _xlsx([good, bad_rating, no_owner])})
    html = response.content.decode()
    assert response.status_code == 400

    def row(n):
        return id_("Row %(row)s: %(problems)s", row=n, problems="")

    assert row(3) in html and row(4) in html and row(2) not in html
    assert not Risk.objects.filter(organization=org).exists()
    response = client.post(_url("register-import"), {"file": _xlsx([good])})
    assert response.status_code == 302
    risk = Risk.objects.get(organization=org)
    assert risk.inherent_score == 9 and risk.treatments.get().due_on == day(9)


def test_import_with_wrong_columns_names_them(org, client):
    _as(client, org, "kepala.ukpbj")
    headers = list(spreadsheet.HEADERS)
    headers[2] = "Sebab"
    response = client.post(_url("register-import"), {"file": _xlsx([[1, "A"]], headers=headers)})
    assert response.status_code == 400
    assert "“Sebab”" in response.content.decode() and "Penyebab" in response.content.decode()
    assert not Risk.objects.exists()


def test_library_copy_prefills_the_form(org, client):
    from sopan.risks.models import RiskTemplate

    template = RiskTemplate.objects.filter(organization=org).first()
    _as(client, org, "pa.kpa")
    assert template.title in client.get(_url("library")).content.decode()
    form = client.get(_url("risk-create") + f"?pustaka={template.pk}")
    assert form.status_code == 200 and template.cause in form.content.decode()
