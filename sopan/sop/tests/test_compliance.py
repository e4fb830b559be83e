"""The SOP compliance report: figures computed by hand from cases run at chosen instants (office hours Monday–Thursday
07.30–16.00 WIB with the 12.00–13.00 break, no holiday in the week of 10 February 2025, before Ramadan).

The small SOP (factories.SMALL): 1 ajukan (start, no standard) → 2 terima (15 menit, two requirements) → 3 periksa
(decision, 1 hari) → 5 setujui (end, 2 jam). Working seconds taken per step:

| case            | 1 ajukan | 2 terima                  | 3 periksa | 5 setujui             |
|-----------------|----------|---------------------------|-----------|-----------------------|
| A Mon 10 Feb    | 600      | 300                       | 3600      | 1800                  |
| B Tue 11 Feb    | 1200     | 600, one requirement left | 7200      | 3600                  |
|                 |          | out, with a justification |           |                       |
| C Wed 12 Feb    | 600      | 2400, late, justified     | 9000      | 10800, late, justified|
|                 |          |                           |           | (11.20–15.20 less the |
|                 |          |                           |           | break; due 14.20)     |
| D Thu 13 Feb    | 0 (done 06.30 WIB, before office hours = Wed 12 Feb 23.30 UTC) | open | – | – |

Median / 90th percentile (linear between closest ranks: p90 of [a, b, c] = b + 0.8 (c − b)):
- ajukan  [0, 600, 600, 1200]: 600 / 600 + 0.7 × 600 = 1020
- terima  [300, 600, 2400]:    600 / 600 + 0.8 × 1800 = 2040
- periksa [3600, 7200, 9000]:  7200 / 7200 + 0.8 × 1800 = 8640
- setujui [1800, 3600, 10800]: 3600 / 3600 + 0.8 × 7200 = 9360 (over the 2 jam standard)
"""

from __future__ import annotations

import datetime
import io
import zoneinfo

import openpyxl
import pypdfium2
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from sopan.accounts import demo
from sopan.accounts.models import RoleAssignment, User
from sopan.core.calendar import end_of_minute
from sopan.core.testing import login
from sopan.sop.selectors_compliance import compliance_report_for, duration_text, percentile
from sopan.sop.services import cases
from sopan.sop.tests import factories

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
REQUIREMENTS = ["Formulir pendaftaran", "KTP direktur"]
URL = "/kepatuhan/"

pytestmark = pytest.mark.every_persona


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 2, day, hour, minute, tzinfo=WIB)


def start(version, title: str, when: datetime.datetime, by):
    with freeze_time(when):
        return cases.case_start(version=version, title=title, by=by)


def complete(case, key: str, when: datetime.datetime, by, **kwargs):
    with freeze_time(when):
        record = case.steps.get(step_key=key, status="open")
        return cases.step_complete(record=record, by=by, **kwargs)


def run_full(version, title, day, times, *, officer, verifier, terima=None, setujui=None):
    """One case through every step: `times` are (hour, minute) of start, ajukan, terima, periksa, setujui."""
    (h0, m0), (h1, m1), (h2, m2), (h3, m3), (h4, m4) = times
    case = start(version, title, at(day, h0, m0), officer)
    complete(case, "ajukan", at(day, h1, m1), officer)
    complete(case, "terima", at(day, h2, m2), officer, **(terima or {"checklist": REQUIREMENTS}))
    complete(case, "periksa", at(day, h3, m3), verifier, exit_label="Ya")
    complete(case, "setujui", at(day, h4, m4), verifier, **(setujui or {}))
    return case


@pytest.fixture
def officer(organization):
    spec = next(p for p in demo.PERSONAS if p.username == "petugas.registrasi")
    return demo.ensure_persona(organization, spec, with_totp=False)


@pytest.fixture(autouse=True)
def roles_held_since_2025(db, personas, officer):
    """The personas got their roles today; the cases below run in February 2025, so date the decrees back."""
    RoleAssignment.objects.update(valid_from=datetime.date(2025, 1, 1))


@pytest.fixture
def version(organization):
    return factories.effective_version(organization)


@pytest.fixture
def ran(version, officer, verifier):
    """Cases A–D of the module docstring."""
    run_full(version, "CV Alpha", 10, [(8, 0), (8, 10), (8, 15), (9, 15), (9, 45)], officer=officer, verifier=verifier)
    run_full(
        version,
        "CV Beta",
        11,
        [(8, 0), (8, 20), (8, 30), (10, 30), (11, 30)],
        officer=officer,
        verifier=verifier,
        terima={"checklist": REQUIREMENTS[:1], "justification": "KTP direktur menyusul"},
    )
    run_full(
        version,
        "CV Gamma",
        12,
        [(8, 0), (8, 10), (8, 50), (11, 20), (15, 20)],
        officer=officer,
        verifier=verifier,
        terima={"checklist": REQUIREMENTS, "justification": "Antrean panjang di loket"},
        setujui={"justification": "Verifikator rapat koordinasi"},
    )
    case = start(version, "CV Delta", at(13, 6, 0), officer)
    complete(case, "ajukan", at(13, 6, 30), officer)
    return version


def rows_by_key(report):
    return {row.step_key: row for section in report.sections for row in section.rows}


def fresh(user):
    """The user as a new request sees them (roles and organisation not cached yet)."""
    return User.objects.get(pk=user.pk)


# --- arithmetic ------------------------------------------------------------------------------------------------
def test_percentile_interpolates_between_closest_ranks():
    assert percentile([], 0.5) is None
    assert percentile([42], 0.9) == 42
    assert percentile([600, 0, 1200, 600], 0.5) == 600
    assert percentile([300, 600, 2400], 0.9) == pytest.approx(2040)
    assert percentile([1, 2], 0.5) == 1.5


def test_durations_read_the_human_way():
    with translation.override("en"):
        assert duration_text(None) == ""
        assert duration_text(30) == "30 seconds"
        assert duration_text(60) == "1 minute"
        assert duration_text(8100) == "2 hours 15 minutes"
        assert duration_text(7200) == "2 hours"
        assert duration_text(3629) == "1 hour"  # rounded to the minute


# --- the figures -------------------------------------------------------------------------------------------------
def test_lpse_head_sees_counts_on_time_share_and_durations_per_step(ran, lpse_head):
    report = compliance_report_for(lpse_head)

    assert [s.title for s in report.sections] == ["SOP Uji Verifikasi"]
    section = report.sections[0]
    assert [r.step_key for r in section.rows] == ["ajukan", "terima", "periksa", "setujui"]
    rows = rows_by_key(report)
    figures = {
        key: (r.cases, r.done, r.with_standard, r.on_time, r.on_time_percent, r.median_seconds, r.p90_seconds)
        for key, r in rows.items()
    }
    assert figures["ajukan"] == (4, 4, 0, 0, None, 600, pytest.approx(1020))
    assert figures["terima"] == (4, 3, 3, 2, 66.7, 600, pytest.approx(2040))
    assert figures["periksa"] == (3, 3, 3, 3, 100.0, 7200, pytest.approx(8640))
    assert figures["setujui"] == (3, 3, 3, 2, 66.7, 3600, pytest.approx(9360))
    assert {key: r.deviations for key, r in rows.items()} == {"ajukan": 0, "terima": 2, "periksa": 0, "setujui": 1}
    terima = rows["terima"]
    assert (terima.number, terima.label, terima.lane, terima.standard) == (
        "2",
        "Menerima berkas",
        "Petugas Registrasi",
        "15 menit",
    )
    assert rows["ajukan"].standard == "N/A" and rows["ajukan"].lane == "Pelaku Usaha"
    assert rows["setujui"].p90_over_standard and not rows["periksa"].p90_over_standard  # 1 hari: not in hours
    with translation.override("en"):
        assert (terima.median_text, terima.p90_text) == ("10 minutes", "34 minutes")
        assert rows["periksa"].p90_text == "2 hours 24 minutes"
        assert rows["setujui"].p90_text == "2 hours 36 minutes"
    assert (section.cases, section.done, section.with_standard, section.on_time, section.deviations) == (4, 13, 9, 7, 3)
    assert section.on_time_percent == 77.8


def test_deviations_list_late_and_justified_steps_newest_first(ran, lpse_head, officer, verifier):
    report = compliance_report_for(lpse_head)

    listed = [(d.case_title, d.step_number, d.late, d.justification, d.completed_by) for d in report.deviations]
    assert listed == [
        ("CV Gamma", "5", True, "Verifikator rapat koordinasi", verifier.get_full_name()),
        ("CV Gamma", "2", True, "Antrean panjang di loket", officer.get_full_name()),
        ("CV Beta", "2", False, "KTP direktur menyusul", officer.get_full_name()),
    ]
    late = report.deviations[1]
    assert late.completed_at == at(12, 8, 50)
    assert late.due_at == end_of_minute(at(12, 8, 25))
    assert late.case_reference.startswith("K-2025-")


def test_period_counts_days_in_the_organisation_zone(ran, lpse_head):
    """Case D's first step was done at 06.30 WIB on the 13th, which is still the 12th in UTC."""
    wednesday = compliance_report_for(
        lpse_head, date_from=datetime.date(2025, 2, 12), date_to=datetime.date(2025, 2, 12)
    )
    rows = rows_by_key(wednesday)
    assert {k: (r.cases, r.done, r.on_time) for k, r in rows.items()} == {
        "ajukan": (1, 1, 0),
        "terima": (1, 1, 0),
        "periksa": (1, 1, 1),
        "setujui": (1, 1, 0),
    }
    assert rows["terima"].on_time_percent == 0.0
    assert [d.case_title for d in wednesday.deviations] == ["CV Gamma", "CV Gamma"]

    thursday = compliance_report_for(lpse_head, date_from=datetime.date(2025, 2, 13))
    rows = rows_by_key(thursday)
    assert {k: (r.cases, r.done) for k, r in rows.items()} == {"ajukan": (1, 1), "terima": (1, 0)}
    assert rows["ajukan"].median_seconds == 0  # before office hours: no working time
    assert thursday.deviations == []

    until_monday = compliance_report_for(lpse_head, date_to=datetime.date(2025, 2, 10))
    assert {k: r.done for k, r in rows_by_key(until_monday).items()} == {
        "ajukan": 1,
        "terima": 1,
        "periksa": 1,
        "setujui": 1,
    }


def test_role_filter_keeps_the_steps_of_lanes_with_that_role(ran, lpse_head):
    verifier_steps = compliance_report_for(lpse_head, role="verifier")
    assert list(rows_by_key(verifier_steps)) == ["periksa", "setujui"]
    assert [d.step_number for d in verifier_steps.deviations] == ["5"]

    vendor_steps = compliance_report_for(lpse_head, role="vendor_admin")
    assert list(rows_by_key(vendor_steps)) == ["ajukan"]  # the applicant's lane, recorded by the officer

    officer_steps = compliance_report_for(lpse_head, role="registration_officer")
    assert list(rows_by_key(officer_steps)) == ["ajukan", "terima"]

    assert compliance_report_for(lpse_head, role="auditor").is_empty


def test_sop_filter_keeps_one_sop_and_totals_per_sop(ran, organization, lpse_head, officer):
    other = factories.effective_version(
        organization,
        factories.SMALL.replace("key: uji-verifikasi", "key: uji-lain").replace("SOP Uji Verifikasi", "SOP Uji Lain"),
    )
    case = start(other, "CV Epsilon", at(11, 9, 0), officer)
    complete(case, "ajukan", at(11, 9, 45), officer)

    both = compliance_report_for(lpse_head)
    assert [(s.title, s.cases, s.done) for s in both.sections] == [
        ("SOP Uji Lain", 1, 1),
        ("SOP Uji Verifikasi", 4, 13),
    ]

    only = compliance_report_for(lpse_head, sop=other.sop)
    assert [s.title for s in only.sections] == ["SOP Uji Lain"]
    assert [(r.step_key, r.cases, r.done, r.median_seconds) for r in only.sections[0].rows] == [
        ("ajukan", 1, 1, 2700),
        ("terima", 1, 0, None),  # reached, still open
    ]


# --- who may see it ----------------------------------------------------------------------------------------------
def test_verifier_without_the_capability_is_refused(ran, client, verifier):
    with pytest.raises(PermissionDenied):
        compliance_report_for(verifier)
    login(client, verifier)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?format=xlsx").status_code == 403


def test_outsider_sees_nothing_of_salatiga(ran, client, outsider, version):
    assert compliance_report_for(outsider).is_empty
    assert compliance_report_for(outsider, sop=version.sop).is_empty  # another organisation's SOP: nothing

    login(client, outsider)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "SOP Uji Verifikasi" not in content and "CV Gamma" not in content

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(URL + "?format=xlsx").content))
    assert workbook["Kepatuhan"].max_row == 1 and workbook["Penyimpangan"].max_row == 1


def test_outsider_sees_their_own_organisations_cases_only(ran, other_organization, outsider):
    batang = factories.effective_version(
        other_organization, factories.SMALL.replace("SOP Uji Verifikasi", "SOP Uji Batang")
    )
    case = start(batang, "CV Batang", at(11, 9, 0), None)
    complete(case, "ajukan", at(11, 9, 30), None)

    report = compliance_report_for(fresh(outsider))

    assert [(s.title, s.cases, s.done) for s in report.sections] == [("SOP Uji Batang", 1, 1)]
    assert [r.step_key for r in report.sections[0].rows] == ["ajukan", "terima"]


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


# --- the page and the exports ------------------------------------------------------------------------------------
def test_page_shows_the_table_and_the_deviations(ran, client, lpse_head):
    login(client, lpse_head)
    lpse_head.language = "en"
    lpse_head.save(update_fields=["language"])

    response = client.get(reverse("compliance:report"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "SOP Uji Verifikasi" in content and "Menerima berkas" in content
    assert "66.7%" in content and "77.8%" in content
    assert "34 minutes" in content and "2 hours 36 minutes" in content
    assert "Antrean panjang di loket" in content and "KTP direktur menyusul" in content
    assert "12 February 2025 08:50 WIB" in content and "12 February 2025 08:25 WIB" in content
    assert "format=xlsx" in content and "format=pdf" in content
    assert "style=" not in content and "<style" not in content


def test_page_lists_the_latest_deviations_and_says_how_many_the_exports_hold(ran, client, lpse_head, monkeypatch):
    from sopan.sop import views_compliance

    monkeypatch.setattr(views_compliance, "PAGE_DEVIATIONS", 2)
    report = compliance_report_for(lpse_head, deviations_limit=2)
    assert [d.justification for d in report.deviations] == ["Verifikator rapat koordinasi", "Antrean panjang di loket"]
    assert (report.deviations_total, report.deviations_left_out) == (3, 1)
    login(client, lpse_head)

    content = client.get(URL).content.decode()

    assert "Antrean panjang di loket" in content and "KTP direktur menyusul" not in content
    assert "2 penyimpangan terakhir dari 3; XLSX dan PDF memuat semuanya." in content
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(URL, {"format": "xlsx"}).content))
    assert workbook["Penyimpangan"].max_row == 1 + 3  # the header and every deviation
    assert compliance_report_for(lpse_head).deviations_left_out == 0  # without a limit: all of them


def test_page_keeps_filters_in_the_export_links(ran, client, lpse_head):
    login(client, lpse_head)
    response = client.get(URL, {"role": "verifier", "date_from": "2025-02-12"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "role=verifier&amp;date_from=2025-02-12&amp;format=xlsx" in content
    assert "Menerima berkas" not in content and "Apakah berkas lengkap dan sesuai?" in content


def test_a_period_ending_before_it_starts_is_refused_with_a_clear_message(ran, client, lpse_head):
    login(client, lpse_head)
    lpse_head.language = "en"
    lpse_head.save(update_fields=["language"])

    response = client.get(URL, {"date_from": "2025-02-13", "date_to": "2025-02-10", "format": "xlsx"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "The end of the period (10/02/2025) is before its start (13/02/2025)." in response.content.decode()


def test_xlsx_holds_the_same_figures(ran, client, lpse_head):
    login(client, lpse_head)
    lpse_head.language = "en"
    lpse_head.save(update_fields=["language"])

    response = client.get(URL, {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="kepatuhan-sop-')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Kepatuhan", "Penyimpangan"]
    sheet = workbook["Kepatuhan"]
    header = [c.value for c in sheet[1]]
    assert header[:7] == ["SOP", "No.", "Step", "Lane", "Standard time", "Cases", "Steps done"]
    rows = {r[1] or r[2]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    terima = rows["2"]
    assert (terima["Cases"], terima["Steps done"], terima["On time"], terima["On-time rate"]) == (4, 3, 2, 66.7)
    assert (terima["Median (working seconds)"], terima["90th percentile (working seconds)"]) == (600, 2040)
    assert (terima["Median"], terima["90th percentile"], terima["Standard time"]) == (
        "10 minutes",
        "34 minutes",
        "15 menit",
    )
    total = rows["Total"]
    assert (total["Cases"], total["Steps done"], total["On time"], total["On-time rate"], total["Deviations"]) == (
        4,
        13,
        7,
        77.8,
        3,
    )
    deviations = list(workbook["Penyimpangan"].iter_rows(values_only=True))
    assert deviations[0][6] == "Completed (WIB)"
    assert [(r[1], r[3], r[8], r[10]) for r in deviations[1:]] == [
        ("CV Gamma", "5", "yes", "Verifikator rapat koordinasi"),
        ("CV Gamma", "2", "yes", "Antrean panjang di loket"),
        ("CV Beta", "2", "no", "KTP direktur menyusul"),
    ]
    assert deviations[2][6] == datetime.datetime(2025, 2, 12, 8, 50)  # wall-clock WIB
    assert deviations[2][7] == datetime.datetime(2025, 2, 12, 8, 25)


def test_pdf_is_a_landscape_a4_with_the_figures(ran, client, lpse_head):
    login(client, lpse_head)

    response = client.get(URL, {"format": "pdf"})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(response.content)
    try:
        width, height = pdf[0].get_size()
        assert width > height and round(width) == 842 and round(height) == 595  # A4 landscape in points
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert "SOP Uji Verifikasi" in text and "Menerima berkas" in text
    assert "Antrean panjang di loket" in text and "66,7%" in text


# --- cost ----------------------------------------------------------------------------------------------------------
def test_query_count_does_not_grow_with_cases(version, officer, verifier, lpse_head, client, django_assert_num_queries):
    run_full(version, "Kasus 1", 10, [(8, 0), (8, 10), (8, 15), (9, 15), (9, 45)], officer=officer, verifier=verifier)
    with CaptureQueriesContext(connection) as one_case:
        report = compliance_report_for(fresh(lpse_head))
    assert rows_by_key(report)["terima"].cases == 1
    login(client, lpse_head)
    with CaptureQueriesContext(connection) as one_case_page:
        assert client.get(URL).status_code == 200

    for n in range(2, 6):
        run_full(
            version,
            f"Kasus {n}",
            10 + n % 4,
            [(8, 0), (8, 10), (8, 20), (9, 20), (9, 50)],
            officer=officer,
            verifier=verifier,
        )
    with django_assert_num_queries(len(one_case)):
        report = compliance_report_for(fresh(lpse_head))
    assert rows_by_key(report)["terima"].cases == 5
    with django_assert_num_queries(len(one_case_page)):
        assert client.get(URL).status_code == 200


def test_the_report_for_one_quarter_costs_the_same_queries_for_3_or_30_cases_in_it(
    version, officer, verifier, lpse_head, client, django_assert_num_queries
):
    quarter = {"date_from": "2025-01-01", "date_to": "2025-03-31"}

    def run(first: int, count: int) -> None:
        justified = {"checklist": REQUIREMENTS[:1], "justification": "KTP direktur menyusul"}
        times = [(8, 0), (8, 10), (8, 20), (9, 20), (9, 50)]
        for n in range(first, first + count):
            terima = justified if n % 3 == 0 else None
            run_full(version, f"Kasus {n}", 10 + n % 4, times, officer=officer, verifier=verifier, terima=terima)

    # Given 3 cases in the first quarter of 2025 and one in the December before it, the report looked at once
    run(0, 3)
    december = start(version, "Kasus Desember", datetime.datetime(2024, 12, 10, 8, tzinfo=WIB), officer)
    complete(december, "ajukan", datetime.datetime(2024, 12, 10, 9, tzinfo=WIB), officer)
    login(client, lpse_head)
    client.get(URL, quarter)  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, quarter)
    few = len(captured)  # now: the next request empties the log the capture reads from
    assert rows_by_key(response.context["report"])["ajukan"].cases == 3
    # When 27 more cases run in the quarter, a third of them with a deviation
    run(3, 27)

    # Then the quarter's report costs the same queries
    with django_assert_num_queries(few):
        response = client.get(URL, quarter)
    report = response.context["report"]
    assert rows_by_key(report)["ajukan"].cases == 30 and len(report.deviations) == 10


def test_pdf_is_printed_under_the_organisations_kop_surat(client, lpse_head, settings, tmp_path):
    """The compliance report prints the office's kop surat (issue 14 §2): letterhead, address, telephone, e-mail,
    with the logo embedded (the report fetches nothing)."""
    import io

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path / "media"
    organization = lpse_head.organization
    png = io.BytesIO()
    Image.new("RGB", (40, 40), "blue").save(png, "PNG")
    organization.logo.name = default_storage.save("organizations/logos/t/logo.png", ContentFile(png.getvalue()))
    organization.save(update_fields=["logo"])
    login(client, lpse_head)

    response = client.get(URL, {"format": "pdf"})

    assert response.status_code == 200
    pdf = pypdfium2.PdfDocument(response.content)
    try:
        text = " ".join("".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).split())
        images = list(pdf[0].get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    finally:
        pdf.close()
    assert len(images) == 1  # the logo
    assert "PEMERINTAH KOTA SALATIGA" in text and "BAGIAN PENGADAAN BARANG DAN JASA" in text
    assert organization.address in text
    assert f"Telepon {organization.phone}" in text and f"Pos-el {organization.email}" in text
