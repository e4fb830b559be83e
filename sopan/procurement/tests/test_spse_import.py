"""The SPSE import (issue 17 §1): an SPSE export's milestones recorded through the stage services (status moves, SOP
steps, audit events), the preview, per-row errors in Indonesian, one transaction, idempotence, the permission, the
other organisation and the page's preview and confirm."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.procurement.models import Milestone, Package
from sopan.procurement.spse_import import spse_import
from sopan.procurement.tests.factories import (
    bind_stage_sops,
    csv_upload,
    json_upload,
    make_package,
    person,
    staged_package,
    xlsx_upload,
)
from sopan.sop.api import case_for

pytestmark = pytest.mark.django_db

S = Package.Status
PAGE = reverse("procurement:spse-import")
LIST = reverse("procurement:package-list")
HEADERS = (
    "kd_rup",
    "kd_tender",
    "tgl_pengumuman_tender",
    "tgl_penetapan_pemenang",
    "tgl_sppbj",
    "no_sppbj",
    "tgl_kontrak",
    "no_kontrak",
    "nilai_kontrak",
    "tgl_bast",
)


def _day(days_ago: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()


def _row(**changes) -> tuple:
    row = {
        "kd_rup": "9900001",
        "kd_tender": "10012345000",
        "tgl_pengumuman_tender": _day(40),
        "tgl_penetapan_pemenang": _day(20),
        "tgl_sppbj": _day(18),
        "no_sppbj": "027/SPPBJ/2026",
        "tgl_kontrak": _day(15),
        "no_kontrak": "027/SP/DPUPR/2026",
        "nilai_kontrak": "475000000",
        "tgl_bast": _day(1),
    }
    row.update(changes)
    return tuple(row[h] for h in HEADERS)


def _csv(*rows):
    return csv_upload(rows or (_row(),), HEADERS, name="spse.csv")


@pytest.fixture
def org(organization):
    bind_stage_sops(organization)
    return organization


@pytest.fixture
def jabfung(organization):
    return person(organization, "jabfung.ppbj")


@pytest.fixture
def scheduled(org):
    """A package scheduled in Sopan (the Pokja's steps done), waiting for SPSE's announcement."""
    return staged_package(org, "scheduled", kd_rup="9900001")


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def _events(package, action=None):
    events = AuditEvent.objects.filter(target_id=str(package.pk)).order_by("id")
    return events.filter(action=action) if action else events


@pytest.mark.parametrize(
    "upload",
    [lambda: _csv(), lambda: json_upload((_row(),), HEADERS), lambda: xlsx_upload((_row(),), HEADERS)],
    ids=["csv", "json", "xlsx"],
)
def test_every_milestone_moves_the_package_through_the_stages(org, jabfung, scheduled, upload):
    result = spse_import(organization=org, upload=upload(), by=jabfung, commit=True)
    assert result.ok and result.committed, [str(e) for e in result.errors]
    package = Package.objects.get(pk=scheduled.pk)
    assert package.status == S.HANDED_OVER
    assert package.spse_code == "10012345000"
    records = {m.kind: m for m in package.milestone_records.all()}
    assert set(records) == set(Milestone.Kind.values)
    assert records[Milestone.Kind.CONTRACT].value == Decimal("475000000")
    assert records[Milestone.Kind.CONTRACT].reference == "027/SP/DPUPR/2026"
    assert records[Milestone.Kind.SPPBJ].reference == "027/SPPBJ/2026"
    assert str(records[Milestone.Kind.ANNOUNCED].on) == _day(40)
    assert {m.recorded_by_id for m in records.values()} == {jabfung.pk}
    for action, move in (
        ("procurement.package.selection_started", ["selection_preparation", "selection"]),
        ("procurement.package.selection_result_recorded", ["selection", "selection"]),
        ("procurement.package.sppbj_recorded", ["selection", "selection"]),
        ("procurement.package.contract_recorded", ["selection", "contract"]),
        ("procurement.package.handed_over", ["contract", "handed_over"]),
    ):
        event = _events(package, action).get()
        assert event.changes["status"] == move and event.changes["source"] == "spse", action
        assert event.actor_id == jabfung.pk
    # the SOP cases end as when recorded by hand (Persiapan Pemilihan 8–9, Proses Utama 5–8)
    for procedure in ("procurement_selection_preparation", "procurement_main"):
        assert case_for(package, procedure=procedure).status == "completed", procedure
    done = set(case_for(package, procedure="procurement_main").steps.values_list("step_key", flat=True))
    assert {"laksanakan-pemilihan", "kelola-kontrak", "terima-hasil-pekerjaan"} <= done
    assert AuditEvent.objects.filter(action="procurement.spse.imported").count() == 1


def test_preview_writes_nothing(org, jabfung, scheduled):
    before = AuditEvent.objects.count()
    result = spse_import(organization=org, upload=_csv(), by=jabfung, commit=False)
    assert result.ok and not result.committed
    assert result.recorded[0] == ("9900001", "Diumumkan di SPSE")
    assert len(result.recorded) == 5
    package = Package.objects.get(pk=scheduled.pk)
    assert (package.status, package.spse_code, package.version) == (S.SELECTION_PREPARATION, "", scheduled.version)
    assert not package.milestone_records.exists()
    assert AuditEvent.objects.count() == before


def test_the_same_file_twice_changes_nothing(org, jabfung, scheduled):
    spse_import(organization=org, upload=_csv(), by=jabfung, commit=True)
    package = Package.objects.get(pk=scheduled.pk)
    events = AuditEvent.objects.count()
    again = spse_import(organization=org, upload=xlsx_upload((_row(),), HEADERS), by=jabfung, commit=True)
    assert again.committed and again.recorded == [] and again.unchanged == ["9900001"]
    assert Package.objects.get(pk=scheduled.pk).version == package.version
    assert package.milestone_records.count() == 5
    assert AuditEvent.objects.count() == events + 1  # only the import itself


def test_a_later_export_adds_the_milestones_that_came_since(org, jabfung, scheduled):
    early = _row(tgl_penetapan_pemenang="", tgl_sppbj="", tgl_kontrak="", nilai_kontrak="", tgl_bast="")
    spse_import(organization=org, upload=_csv(early), by=jabfung, commit=True)
    assert Package.objects.get(pk=scheduled.pk).status == S.SELECTION
    later = spse_import(organization=org, upload=_csv(), by=jabfung, commit=True)
    assert [kind for _code, kind in later.recorded] == [
        "Hasil pemilihan (Berita Acara Hasil Pemilihan)",
        "Surat Penunjukan Penyedia Barang/Jasa (SPPBJ)",
        "Kontrak ditandatangani",
        "Serah terima (BAST)",
    ]
    assert Package.objects.get(pk=scheduled.pk).status == S.HANDED_OVER


def _errors(org, by, upload) -> list[str]:
    before = (AuditEvent.objects.count(), Milestone.objects.count())
    result = spse_import(organization=org, upload=upload, by=by, commit=True)
    assert not result.committed
    assert (AuditEvent.objects.count(), Milestone.objects.count()) == before, "nothing is half-imported"
    return [str(error) for error in result.errors]


def test_an_unknown_kd_rup_is_refused_and_nothing_is_imported(org, jabfung, scheduled):
    errors = _errors(org, jabfung, _csv(_row(), _row(kd_rup="9999999", kd_tender="10099999000")))
    assert errors == ["Baris 3, kolom kd_rup: Kode RUP 9999999 bukan paket organisasi ini."]
    assert Package.objects.get(pk=scheduled.pk).status == S.SELECTION_PREPARATION  # the good row is not kept


def test_another_organisations_kd_rup_is_refused(org, other_organization, jabfung):
    from sopan.accounts.models import OrgUnit

    OrgUnit.objects.create(organization=other_organization, code="DPUPR", name="DPUPR Batang", kind="agency")
    theirs = make_package(other_organization, kd_rup="9900001", status=S.SELECTION_PREPARATION)
    errors = _errors(org, jabfung, _csv())
    assert errors == ["Baris 2, kolom kd_rup: Kode RUP 9900001 bukan paket organisasi ini."]
    theirs.refresh_from_db()
    assert (theirs.status, theirs.spse_code) == (S.SELECTION_PREPARATION, "")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tgl_kontrak": "31/02/2026"}, "Baris 2, kolom tgl_kontrak: “31/02/2026” bukan tanggal"),
        ({"tgl_bast": "kemarin"}, "Baris 2, kolom tgl_bast: “kemarin” bukan tanggal"),
        ({"nilai_kontrak": "empat ratus juta"}, "Baris 2, kolom nilai_kontrak: “empat ratus juta” bukan angka."),
        ({"nilai_kontrak": "-5"}, "Baris 2, kolom nilai_kontrak: Nilai tidak boleh negatif (-5)."),
        (
            {"tgl_kontrak": _day(19)},  # before the SPPBJ (18 days ago)
            f"Baris 2, kolom tgl_kontrak: Tanggal {_day(19)} lebih awal dari tonggak sebelumnya "
            f"({_day(18)}, tgl_sppbj).",
        ),
        ({"kd_tender": ""}, "Baris 2, kolom kd_tender: Nilai kosong."),
    ],
    ids=["impossible-date", "word-for-date", "word-for-value", "negative-value", "date-out-of-order", "no-tender"],
)
def test_a_bad_cell_names_its_row_and_column(org, jabfung, scheduled, changes, message):
    errors = _errors(org, jabfung, _csv(_row(**changes)))
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_a_duplicate_row_is_refused(org, jabfung, scheduled):
    errors = _errors(org, jabfung, _csv(_row(), _row()))
    assert errors == [
        "Baris 3, kolom kd_rup: Kode 9900001 sudah ada di baris 2.",
        "Baris 3, kolom kd_tender: Kode 10012345000 sudah ada di baris 2.",
    ]


def test_a_milestone_recorded_on_another_date_is_refused(org, jabfung, scheduled):
    early = _row(tgl_penetapan_pemenang="", tgl_sppbj="", tgl_kontrak="", nilai_kontrak="", tgl_bast="")
    spse_import(organization=org, upload=_csv(early), by=jabfung, commit=True)
    errors = _errors(org, jabfung, _csv(_row(tgl_pengumuman_tender=_day(39))))
    assert errors == [f"Baris 2, kolom tgl_pengumuman_tender: Diumumkan di SPSE sudah dicatat pada {_day(40)}, "
                      f"bukan {_day(39)}."]  # fmt: skip


def test_the_workflow_refuses_what_sopan_has_not_reached(org, jabfung):
    """A package still in planning cannot be announced: the guard of the stage service speaks for the row."""
    staged_package(org, "planning", kd_rup="9900001")
    errors = _errors(org, jabfung, _csv())
    assert len(errors) == 1
    assert errors[0].startswith("Baris 2, kolom tgl_pengumuman_tender: Diumumkan di SPSE: ")
    assert "Perencanaan" in errors[0]


def test_the_ppk_may_not_import(org, scheduled):
    with pytest.raises(PermissionDenied):
        spse_import(organization=org, upload=_csv(), by=person(org, "ppk"), commit=False)
    assert not Milestone.objects.exists()


def test_the_kepala_ukpbj_of_another_organisation_is_refused(org, other_organization):
    head = person(org, "kepala.ukpbj")
    with pytest.raises(PermissionDenied):
        spse_import(organization=other_organization, upload=_csv(), by=head, commit=True)


def test_the_stage_buttons_never_offer_the_spse_transitions(org, scheduled):
    from sopan.procurement.workflows import PACKAGE_FLOW

    head = person(org, "kepala.ukpbj")
    names = {t.name for t in PACKAGE_FLOW.available(scheduled, head)}
    assert "start_selection_spse" in names  # the importer may take it …
    assert not PACKAGE_FLOW.get("start_selection_spse").label  # … but never as a button on the package page


# --- the page ------------------------------------------------------------------------------------------------------
def test_the_page_previews_then_confirms(client, org, scheduled):
    head = person(org, "kepala.ukpbj")
    login(client, head)
    assert 'id="spse-import-link"' in client.get(LIST).content.decode()
    preview = client.post(PAGE, {"file": _csv()})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Tonggak yang akan dicatat" in html and 'id="import-confirm"' in html
    assert Package.objects.get(pk=scheduled.pk).status == S.SELECTION_PREPARATION
    done = client.post(PAGE, {"token": preview.context["token"]}, follow=True)
    assert done.redirect_chain[-1][0] == LIST
    assert "5 tonggak dicatat" in done.content.decode()
    assert Package.objects.get(pk=scheduled.pk).status == S.HANDED_OVER
    again = client.post(PAGE, {"token": preview.context["token"]})  # the kept file is gone
    assert again.status_code == 400 and 'id="import-expired"' in again.content.decode()


def test_the_page_shows_the_errors_and_no_confirmation(client, org, scheduled):
    login(client, person(org, "kepala.ukpbj"))
    response = client.post(PAGE, {"file": _csv(_row(kd_rup="9999999"))})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kode RUP 9999999 bukan paket organisasi ini." in html and 'name="token"' not in html


def test_a_rup_token_is_not_an_spse_token(client, org, scheduled):
    from sopan.procurement.views import RUP_IMPORT

    head = person(org, "kepala.ukpbj")
    login(client, head)
    request = type("R", (), {"user": head})()
    token = RUP_IMPORT.keep(request, "spse.csv", _csv().read())  # signed for the RUP import
    response = client.post(PAGE, {"token": token})
    assert response.status_code == 400 and 'id="import-expired"' in response.content.decode()
    assert not Milestone.objects.exists()


def test_who_may_not_import_gets_403_and_no_link(client, org):
    login(client, person(org, "ppk"))
    assert client.get(PAGE).status_code == 403
    assert 'id="spse-import-link"' not in client.get(LIST).content.decode()


# --- the E-Kontrak exports: the tender code without the RUP code ------------------------------------------------------
EKONTRAK = {
    # SPSE-TenderEkontrak-SPPBJ, -Kontrak and -BAPBAST: kd_tender, never kd_rup
    "sppbj": (("kd_tender", "no_sppbj", "tgl_sppbj", "nilai_kontrak_sppbj"),
              ("10012345000", "027/SPPBJ/2026", _day(18), "480000000")),
    "kontrak": (("kd_tender", "no_sppbj", "no_kontrak", "tgl_kontrak", "nilai_kontrak"),
                ("10012345000", "027/SPPBJ/2026", "027/SP/DPUPR/2026", _day(15), "475000000")),
    "bapbast": (("kd_tender", "no_kontrak", "tgl_kontrak", "nilai_kontrak", "no_bast", "tgl_bast"),
                ("10012345000", "027/SP/DPUPR/2026", _day(15), "475000000", "027/BAST/2026", _day(1))),
}  # fmt: skip


def test_the_e_kontrak_exports_find_their_package_by_its_tender_code(org, jabfung, scheduled):
    announced = _row(tgl_penetapan_pemenang=_day(20), tgl_sppbj="", tgl_kontrak="", nilai_kontrak="", tgl_bast="")
    assert spse_import(organization=org, upload=_csv(announced), by=jabfung, commit=True).committed
    for name, (headers, row) in EKONTRAK.items():
        result = spse_import(organization=org, upload=csv_upload((row,), headers, name=f"{name}.csv"), by=jabfung,
                             commit=True)  # fmt: skip
        assert result.committed, [str(e) for e in result.errors]
        assert result.recorded and {code for code, _kind in result.recorded} == {"9900001"}, name
    package = Package.objects.get(pk=scheduled.pk)
    assert package.status == S.HANDED_OVER
    records = {m.kind: m for m in package.milestone_records.all()}
    assert records[Milestone.Kind.SPPBJ].value == Decimal("480000000")
    assert records[Milestone.Kind.HANDOVER].reference == "027/BAST/2026"


def test_an_e_kontrak_row_whose_tender_is_unknown_is_refused(org, jabfung, scheduled):
    headers, row = EKONTRAK["kontrak"]
    errors = _errors(org, jabfung, csv_upload((row,), headers, name="kontrak.csv"))
    assert errors == [
        "Baris 2, kolom kd_tender: Kode tender SPSE 10012345000 bukan tender paket organisasi ini. Impor dulu "
        "pengumumannya (dengan kode RUP)."
    ]


def test_a_file_without_the_tender_code_is_refused_naming_the_column(org, jabfung, scheduled):
    upload = csv_upload((("9900001", _day(40)),), ("kd_rup", "tgl_pengumuman_tender"), name="spse.csv")
    with pytest.raises(ValidationError) as refused:
        spse_import(organization=org, upload=upload, by=jabfung, commit=True)
    assert "kd_tender" in refused.value.messages[0] and refused.value.messages[0].startswith("Kolom wajib")
