"""The SOP engine: definitions refused with located errors, the lifecycle of versions, cases routed through decisions,
loops and parallel branches, times against the working calendar, deviations, the domain API and permissions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from freezegun import freeze_time
from pypdf.actions import JavaScript

from sopan.core.calendar import end_of_minute
from sopan.core.models import AuditEvent
from sopan.core.tests import test_uploads as upload_files
from sopan.core.uploads import DOCX, MB, PNG, XLSX
from sopan.sop import api, procedures, rollup
from sopan.sop import definition as d
from sopan.sop.models import Case, SopVersion, StepOutput, StepRecord
from sopan.sop.services import cases, versions
from sopan.sop.tests import factories

WIB = ZoneInfo("Asia/Jakarta")


def _plain_monday() -> dt.datetime:
    """09.00 on a Monday at least a week ahead whose week has no holiday up to Thursday and lies outside Ramadan
    (ordinary office hours): the personas' role assignments start today, so frozen times must lie after it."""
    from sopan.core.calendar import WorkCalendar

    calendar = WorkCalendar()
    day = dt.date.today() + dt.timedelta(days=7)
    while day.weekday() != 0 or not all(
        calendar.is_working_day(day + dt.timedelta(days=i)) and calendar.season_for(day + dt.timedelta(days=i)) is None
        for i in range(4)
    ):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(9, 0), WIB)


MONDAY_9 = _plain_monday()
TUESDAY_9 = MONDAY_9 + dt.timedelta(days=1)


# --- definitions ---------------------------------------------------------------------------------------------------
def _broken(old: str, new: str) -> str:
    assert old in factories.SMALL
    return factories.SMALL.replace(old, new)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _broken(
                "exits: [{label: Ya, to: setujui}, {label: Tidak, to: lengkapi}]", "exits: [{label: Ya, to: setujui}]"
            ),
            "step 3 (periksa): exits: a decision needs at least two labelled exits",
        ),
        (_broken("to: lengkapi}", "to: hilang}"), "step 3 (periksa): exits: step 'hilang' does not exist"),
        (
            _broken("lanes: [verifikator]\n  time: 1 hari", "lanes: [bendahara]\n  time: 1 hari"),
            "step 3 (periksa): lanes: lane 'bendahara' does not exist",
        ),
        (_broken("time: 15 menit", "time: {text: 15 menit, value: 15, unit: kuartal}"), "step 2 (terima): time.unit"),
        (_broken("symbol: start", "symbol: process"), "no start terminator"),
        (_broken("symbol: end", "symbol: process"), "step 5 (setujui): next: the step leads nowhere"),
        (_broken("next: terima}", "next: periksa}"), "step 2 (terima): unreachable"),
        (_broken("roles: [verifier]", "roles: [bendahara]"), "'bendahara' is not a role of the catalogue"),
        ("steps: [", "not valid YAML"),
    ],
)
def test_a_malformed_definition_is_refused_naming_file_step_and_field(text, message):
    with pytest.raises(d.DefinitionError) as error:
        d.load_yaml(text, source="uji.yaml")
    assert message in str(error.value)
    assert str(error.value).startswith("uji.yaml")


def test_a_definition_round_trips_through_yaml():
    definition = factories.definition()
    assert d.load_yaml(definition.to_yaml()) == definition


@pytest.mark.parametrize(
    ("printed", "value", "unit"),
    [
        ("10 detik", 10, "detik"),
        ("2 Jam", 2, "jam"),
        ("1 hari", 1, "hari"),
        ("3 hari kerja", 3, "hari"),
        ("14 hari kalender", 14, "hari kalender"),
        ("Maks. 2 hari", 2, "hari"),
        ("N/A", None, None),
        ("Sesuai kebutuhan", None, None),
    ],
)
def test_printed_times_parse_with_their_unit(printed, value, unit):
    waktu = d.parse_time(printed)
    assert (waktu.value, waktu.unit, waktu.text) == (value, unit, printed)


# --- lifecycle -----------------------------------------------------------------------------------------------------
@pytest.fixture
def version(organization):
    return factories.effective_version(organization)


def test_lifecycle_draft_submitted_approved_effective_superseded(organization, lpse_head, personas):
    draft = versions.sop_import(organization=organization, text=factories.SMALL, by=lpse_head)
    assert draft.status == SopVersion.Status.DRAFT and draft.revision == 0
    with pytest.raises(ValidationError):
        versions.version_approve(version=draft, by=lpse_head)  # not submitted yet
    versions.version_submit(version=draft, by=lpse_head)
    with pytest.raises(PermissionDenied):  # "Disahkan Oleh: Kepala LPSE": the verifier cannot approve
        versions.version_approve(version=draft, by=personas["verifier"])
    approved = versions.version_approve(version=draft, by=lpse_head)
    assert approved.parsed.identity.approved_by.name == lpse_head.full_name
    first = versions.version_make_effective(version=approved, by=lpse_head)
    assert first.status == SopVersion.Status.EFFECTIVE

    # a case started on rev. 0 stays on it after rev. 1 takes effect
    case = cases.case_start(version=first, title="CV Maju Jaya", by=lpse_head)
    second = versions.sop_revise(sop=first.sop, by=lpse_head)
    assert second.revision == 1 and second.parsed.identity.revision == 1
    edited = factories.SMALL.replace("Menerima berkas", "Menerima dan mencatat berkas")
    versions.version_update(version=second, text=edited, by=lpse_head)
    changes = d.diff(first.parsed, SopVersion.objects.get(pk=second.pk).parsed)
    assert ("step terima", "text", "Menerima berkas", "Menerima dan mencatat berkas") in changes
    versions.version_submit(version=second, by=lpse_head)
    versions.version_approve(version=second, by=lpse_head)
    versions.version_make_effective(version=second, by=lpse_head)
    first.refresh_from_db()
    assert first.status == SopVersion.Status.SUPERSEDED
    assert Case.objects.get(pk=case.pk).version_id == first.pk
    assert AuditEvent.objects.filter(action="sop.version.made_effective").count() == 2


def test_an_approved_version_not_yet_in_force_goes_back_to_draft_for_changes(organization, lpse_head):
    draft = versions.sop_import(organization=organization, text=factories.SMALL, by=lpse_head)
    versions.version_submit(version=draft, by=lpse_head)
    versions.version_approve(version=draft, by=lpse_head)
    returned = versions.version_return(version=draft, note="Waktu langkah 3 salah", by=lpse_head)
    assert returned.status == SopVersion.Status.DRAFT and returned.approved_by is None
    edited = factories.SMALL.replace("time: 1 hari", "time: 2 hari")
    assert versions.version_update(version=returned, text=edited, by=lpse_head).parsed.step("periksa").time.value == 2


def test_versions_holding_the_same_definition_share_one_parse_and_an_edit_is_parsed_anew(version):
    # Given the effective version, read twice from the database (as two requests would)
    first = SopVersion.objects.get(pk=version.pk).parsed
    again = SopVersion.objects.get(pk=version.pk).parsed
    # Then the second read reuses the first one's definition
    assert again is first
    # When the data changes (a draft being edited), then it is parsed anew
    edited = SopVersion.objects.get(pk=version.pk)
    edited.definition = {**edited.definition, "identity": {**edited.definition["identity"], "title": "Judul baru"}}
    assert edited.parsed is not first and edited.parsed.identity.title == "Judul baru"
    # And a broken definition is still refused, naming the version
    broken = SopVersion.objects.get(pk=version.pk)
    broken.definition = {**broken.definition, "format": "lain"}
    with pytest.raises(d.DefinitionError) as error:
        broken.parsed
    assert f"rev. {version.revision}" in str(error.value.problems[0].source)


def test_only_one_effective_version_per_sop_is_enforced_by_the_database(version):
    twin = SopVersion(
        sop=version.sop, organization=version.organization, revision=9, status="effective", definition={}, title="x"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_editing_a_version_in_force_is_refused(version, lpse_head):
    with pytest.raises(ValidationError, match="that cannot be done now"):
        versions.version_update(version=version, text=factories.SMALL, by=lpse_head)


def test_another_organisation_copies_a_published_sop(version, outsider, other_organization):
    copy = versions.sop_copy(source=version, organization=other_organization, by=outsider)
    assert copy.status == SopVersion.Status.DRAFT and copy.sop.origin_id == version.pk
    assert copy.parsed.identity.organization == "PEMERINTAH KABUPATEN BATANG"
    assert copy.parsed.step_keys == version.parsed.step_keys


def test_a_procedure_refuses_an_sop_lacking_its_steps_and_names_them(version, lpse_head, organization):
    with pytest.raises(ValidationError) as error:
        versions.procedure_bind(
            organization=organization, procedure="vendor_registration", sop=version.sop, by=lpse_head
        )
    assert "arsipkan" in str(error.value) and "terima-berkas" in str(error.value)


def test_verifier_cannot_import_or_bind(organization, verifier):
    with pytest.raises(PermissionDenied):
        versions.sop_import(organization=organization, text=factories.SMALL, by=verifier)


# --- running -------------------------------------------------------------------------------------------------------
def _open(case) -> list[str]:
    return sorted(case.steps.filter(status="open").values_list("step_key", flat=True))


def _record(case, key) -> StepRecord:
    return case.steps.get(step_key=key, status="open")


def test_a_case_runs_through_the_loop_and_both_exits(version, personas):
    verifier = personas["verifier"]
    officer = _officer(verifier.organization)
    with freeze_time(MONDAY_9):
        case = cases.case_start(version=version, title="CV Maju Jaya", by=officer)
        assert _open(case) == ["ajukan"]
        # step 1 is the vendor's; the front office records it for a vendor who came to the desk
        cases.step_complete(record=_record(case, "ajukan"), by=officer)
        record = _record(case, "terima")
        assert record.due_at == end_of_minute(MONDAY_9 + dt.timedelta(minutes=15))
        cases.step_complete(record=record, by=officer, checklist=["Formulir pendaftaran", "KTP direktur"])
        periksa = _record(case, "periksa")
        assert periksa.due_at == end_of_minute(TUESDAY_9)  # 1 hari: the same time on the next working day
        cases.step_complete(record=periksa, by=verifier, exit_label="Tidak")
        assert _open(case) == ["lengkapi"]
        cases.step_complete(record=_record(case, "lengkapi"), by=officer)
        assert _open(case) == ["periksa"]  # the loop back to step 3
        cases.step_complete(record=_record(case, "periksa"), by=verifier, exit_label="Ya")
        cases.step_complete(record=_record(case, "setujui"), by=verifier, note="Akun aktif")
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED
    assert list(case.steps.order_by("opened_at", "id").values_list("step_key", "exit_label")) == [
        ("ajukan", ""),
        ("terima", ""),
        ("periksa", "Tidak"),
        ("lengkapi", ""),
        ("periksa", "Ya"),
        ("setujui", ""),
    ]
    assert set(case.steps.values_list("on_time", flat=True)) == {None, True}  # N/A steps have no standard


def test_late_completion_needs_a_justification_and_is_reported_late(version, personas):
    verifier = personas["verifier"]
    with freeze_time(MONDAY_9):
        case = cases.case_start(version=version, title="CV Late", by=personas["lpse_head"])
    StepRecord.objects.filter(case=case).update(status="done")
    record = cases._open_step(case, version.parsed, version.parsed.step("periksa"), _calendar(case), MONDAY_9, {})
    rollup.rebuild(case.organization)  # records made behind the services' back
    with freeze_time(MONDAY_9 + dt.timedelta(days=3)):
        with pytest.raises(ValidationError) as error:
            cases.step_complete(record=record, by=verifier, exit_label="Ya")
        assert "justification" in error.value.error_dict
        assert StepRecord.objects.get(pk=record.pk).status == "open"  # nothing changed
        cases.step_complete(record=record, by=verifier, exit_label="Ya", justification="Server SPSE gangguan")
    record.refresh_from_db()
    assert record.on_time is False and record.justification == "Server SPSE gangguan"
    # 3 calendar days from Monday 09.00 = Thursday 09.00: 3 working days of 7.5 working hours (Mon–Thu 07.30–16.00
    # less the 12.00–13.00 break, Perpres 21/2023)
    assert record.work_seconds == int(3 * 7.5 * 3600)


@pytest.mark.parametrize(("completed", "on_time"), [(dt.timedelta(seconds=59), True), (dt.timedelta(minutes=1), False)])
def test_a_step_completed_within_the_due_minute_shown_is_on_time(version, personas, completed, on_time):
    """Step 2 (Terima, 15 menit) opened at 09.45.30 is due "10.00" as the page shows it: completed at 10.00.59 it is
    on time, at 10.01.00 it is late and needs a justification; the compliance counts read the same verdict."""
    officer = _officer(personas["verifier"].organization)
    opened = MONDAY_9 + dt.timedelta(minutes=45, seconds=30)
    ten = MONDAY_9 + dt.timedelta(hours=1)
    with freeze_time(opened):
        case = cases.case_start(version=version, title="CV Tepat", by=officer)
        cases.step_complete(record=_record(case, "ajukan"), by=officer)
        record = _record(case, "terima")
    assert record.due_at.astimezone(WIB).strftime("%H.%M") == "10.00"
    with freeze_time(ten + completed):
        assert (record.due_at < ten + completed) is not on_time  # the overdue badges and sweeps compare so
        if not on_time:
            with pytest.raises(ValidationError) as error:
                cases.step_complete(record=record, by=officer, checklist=["Formulir pendaftaran", "KTP direktur"])
            assert "justification" in error.value.error_dict
        cases.step_complete(
            record=record, by=officer, checklist=["Formulir pendaftaran", "KTP direktur"], justification="Antre"
        )
    record.refresh_from_db()
    assert record.on_time is on_time


def _calendar(case):
    from sopan.core.selectors import calendar_for

    return calendar_for(case.organization)


def _officer(organization):
    from sopan.accounts import demo

    spec = next(p for p in demo.PERSONAS if p.username == "petugas.registrasi")
    return demo.ensure_persona(organization, spec, with_totp=False)


def test_missing_requirements_need_a_justification(version, personas, organization):
    officer = _officer(organization)
    case = cases.case_start(version=version, title="CV Kurang", by=officer)
    cases.step_complete(record=_record(case, "ajukan"), by=officer)
    record = _record(case, "terima")
    with pytest.raises(ValidationError) as error:
        cases.step_complete(record=record, by=officer, checklist=["Formulir pendaftaran"])
    assert "not every requirement is ticked" in str(error.value)
    cases.step_complete(record=record, by=officer, checklist=["Formulir pendaftaran"], justification="KTP menyusul")
    record.refresh_from_db()
    assert record.checklist == ["Formulir pendaftaran"] and record.justification == "KTP menyusul"


def test_completing_a_step_you_do_not_hold_is_refused(version, personas):
    case = cases.case_start(version=version, title="CV X", by=personas["lpse_head"])
    with pytest.raises(PermissionDenied):
        cases.step_complete(record=_record(case, "ajukan"), by=personas["verifier"])
    with pytest.raises(PermissionDenied):
        cases.step_complete(record=_record(case, "ajukan"), by=personas["outsider"])
    assert _open(case) == ["ajukan"]


def test_completing_a_step_that_is_not_open_says_so(version, personas):
    vendor = personas["vendor_admin"]
    case = cases.case_start(version=version, title="CV Y", by=personas["lpse_head"])
    record = _record(case, "ajukan")
    cases.step_complete(record=record, by=vendor)
    with pytest.raises(cases.StepNotOpen, match="no longer open"):
        cases.step_complete(record=record, by=vendor)
    assert case.steps.filter(step_key="terima").count() == 1


def test_a_bound_participant_is_the_only_one_who_completes_the_lane(version, personas):
    officer = _officer(personas["verifier"].organization)
    case = cases.case_start(
        version=version, title="CV Z", by=personas["lpse_head"], participants={"verifikator": personas["verifier"]}
    )
    cases.step_complete(record=_record(case, "ajukan"), by=personas["vendor_admin"])
    cases.step_complete(record=_record(case, "terima"), by=officer, checklist=["Formulir pendaftaran", "KTP direktur"])
    record = _record(case, "periksa")
    assert record.assignee_id == personas["verifier"].pk


def test_outputs_are_checked_by_content_and_stored_on_commit(version, personas, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    vendor = personas["vendor_admin"]
    case = cases.case_start(version=version, title="CV Berkas", by=personas["lpse_head"])
    fake = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    with pytest.raises(ValidationError, match=r"surat\.pdf: "), translation.override("en"):
        cases.step_complete(record=_record(case, "ajukan"), by=vendor, outputs=[fake])
    pdf = SimpleUploadedFile("surat permohonan.pdf", upload_files.pdf_bytes())
    with pytest.raises(RuntimeError), transaction.atomic():  # a completion that rolls back stores no file
        cases.step_complete(record=_record(case, "ajukan"), by=vendor, outputs=[pdf])
        raise RuntimeError
    assert not any(tmp_path.rglob("*.pdf"))
    pdf.seek(0)
    with django_capture_on_commit():
        cases.step_complete(record=_record(case, "ajukan"), by=vendor, outputs=[pdf])
    output = StepOutput.objects.get()
    assert output.name == "surat permohonan.pdf" and len(output.sha256) == 64
    assert (tmp_path / output.file.name).read_bytes().startswith(b"%PDF")


# Issue 13: step outputs skipped the PDF and image checks and took office files unchecked. Each of these was stored.
OUTPUT_ATTACKS = {
    "pdf-javascript": (
        upload_files.pdf_bytes(lambda writer: writer.add_open_action(JavaScript("app.alert(1);"))),
        "surat.pdf",
    ),
    "pdf-xfa": (
        upload_files.raw_pdf(
            catalog=b"/AcroForm << /Fields [] /XFA 4 0 R >>",
            objects=(upload_files.stream(upload_files.XFA_WITH_SCRIPT),),
        ),
        "formulir.pdf",
    ),
    "pdf-gotor-unc": (
        upload_files.raw_pdf(catalog=b"/OpenAction " + upload_files.AUTOMATIC_ACTIONS["GoToR to a UNC path"]),
        "surat.pdf",
    ),
    "pdf-open-uri": (
        upload_files.raw_pdf(catalog=b"/OpenAction " + upload_files.AUTOMATIC_ACTIONS["URI"]),
        "surat.pdf",
    ),
    "pdf-html-polyglot": (
        upload_files.pdf_bytes().replace(b"\n", b"\n%<html><script>alert(1)</script></html>\n", 1),
        "surat.pdf",
    ),
    "jpeg-html-polyglot": (upload_files.jpeg_with(comment=b"<html><script>alert(1)</script>"), "foto.jpg"),
    "png-49-megapixels": (upload_files.blank_png(7000, 7000), "denah.png"),
    "docx-macros": (
        upload_files.docx_bytes(entries={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)}),
        "laporan.docx",
    ),
    "docx-remote-template": (
        upload_files.docx_bytes(
            entries={
                "word/_rels/settings.xml.rels": (
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="{upload_files.RELS}/attachedTemplate" '
                    'Target="file://10.0.0.66/share/t.dotm" TargetMode="External"/></Relationships>'
                )
            }
        ),
        "laporan.docx",
    ),
    "doc-legacy": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "laporan.doc"),
}


@pytest.mark.parametrize(("content", "name"), OUTPUT_ATTACKS.values(), ids=OUTPUT_ATTACKS.keys())
def test_a_step_output_gets_the_same_check_as_every_upload(version, personas, content, name):
    vendor = personas["vendor_admin"]
    case = cases.case_start(version=version, title="CV Berkas", by=personas["lpse_head"])
    record = _record(case, "ajukan")
    with translation.override("en"):
        expected = upload_files.refused(
            upload_files.upload(content, name), allowed=upload_files.OFFICE, max_bytes=10 * MB
        )

        with pytest.raises(ValidationError) as caught:
            cases.step_complete(record=record, by=vendor, outputs=[SimpleUploadedFile(name, content)])

    assert caught.value.message_dict == {"outputs": [f"{name}: {' '.join(expected.messages)}"]}
    assert StepRecord.objects.get(pk=record.pk).status == "open"
    assert not StepOutput.objects.exists()


def test_a_flate_bomb_as_a_step_output_is_refused(version, personas):
    bomb = upload_files.raw_pdf(
        page=b"/Contents 4 0 R",
        objects=(upload_files.stream(upload_files.flate_bomb(200 * MB), b"/Filter /FlateDecode"),),
    )
    case = cases.case_start(version=version, title="CV Berkas", by=personas["lpse_head"])

    with pytest.raises(ValidationError) as caught, translation.override("en"):
        cases.step_complete(
            record=_record(case, "ajukan"), by=personas["vendor_admin"], outputs=[SimpleUploadedFile("surat.pdf", bomb)]
        )

    assert caught.value.message_dict == {
        "outputs": ["surat.pdf: The PDF file expands to more than 160 MB when opened (a compression bomb)."]
    }


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (upload_files.xlsx_bytes(), "rekap.xlsx", XLSX),
        (upload_files.docx_bytes(), "berita acara.docx", DOCX),
        (upload_files.image_bytes("PNG"), "foto.png", PNG),
    ],
)
def test_ordinary_office_files_and_images_are_stored_as_outputs(version, personas, content, name, content_type):
    case = cases.case_start(version=version, title="CV Berkas", by=personas["lpse_head"])

    cases.step_complete(
        record=_record(case, "ajukan"), by=personas["vendor_admin"], outputs=[SimpleUploadedFile(name, content)]
    )

    output = StepOutput.objects.get()
    assert (output.name, output.content_type, output.size) == (name, content_type, len(content))


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_changing_the_calendar_recomputes_open_due_times(version, personas, organization, lpse_head):
    from sopan.accounts.services import calendar as calendar_services

    with freeze_time(MONDAY_9):
        case = cases.case_start(version=version, title="CV Kalender", by=lpse_head)
        StepRecord.objects.filter(case=case).update(status="done")
        record = cases._open_step(case, version.parsed, version.parsed.step("periksa"), _calendar(case), MONDAY_9, {})
        rollup.rebuild(organization)  # records made behind the services' back
        assert record.due_at == end_of_minute(TUESDAY_9)
        assert cases.due_times_recompute(organization=organization) == 0
        calendar_services.calendar_day_add(
            organization=organization, date=TUESDAY_9.date(), is_working=False, reason="Libur daerah", by=lpse_head
        )
        cases.due_times_recompute(organization=organization)
    record.refresh_from_db()
    assert record.due_at == end_of_minute(TUESDAY_9 + dt.timedelta(days=1))


def test_parallel_branches_meet_at_the_join(organization, lpse_head):
    text = """
format: sopan-sop/1
key: paralel
identity: {title: SOP Paralel, approved_by: {position: Kepala LPSE}}
lanes: [{key: tim, name: Tim Pembinaan, roles: [lpse_head]}]
steps:
- {key: mulai, number: '7', text: Arahan, symbol: start, lanes: [tim], next: [a, b, c]}
- {key: a, number: 7a, text: A, symbol: process, lanes: [tim], next: lapor}
- {key: b, number: 7b, text: B, symbol: process, lanes: [tim], next: lapor}
- {key: c, number: 7c, text: C, symbol: process, lanes: [tim], next: lapor}
- {key: lapor, number: '8', text: Lapor, symbol: end, lanes: [tim], join: true}
"""
    version = factories.effective_version(organization, text)
    case = cases.case_start(version=version, title="Pembinaan", by=lpse_head)
    cases.step_complete(record=_record(case, "mulai"), by=lpse_head)
    assert _open(case) == ["a", "b", "c"]
    cases.step_complete(record=_record(case, "b"), by=lpse_head)
    cases.step_complete(record=_record(case, "a"), by=lpse_head)
    assert _open(case) == ["c"]
    cases.step_complete(record=_record(case, "c"), by=lpse_head)
    assert _open(case) == ["lapor"]
    cases.step_complete(record=_record(case, "lapor"), by=lpse_head)
    assert Case.objects.get(pk=case.pk).status == Case.Status.COMPLETED


# --- the domain API ------------------------------------------------------------------------------------------------
def test_domain_module_records_steps_by_key_on_the_bound_sop(organization, lpse_head, personas):
    from sopan.accounts.models import OrgUnit

    definition = d.load_yaml(_registration_text())
    assert procedures.missing_steps("vendor_registration", definition.step_keys) == []
    version = factories.effective_version(organization, _registration_text())
    versions.procedure_bind(organization=organization, procedure="vendor_registration", sop=version.sop, by=lpse_head)
    subject = OrgUnit.objects.get(organization=organization, code="LPSE")  # any model stands in for a registration
    with transaction.atomic():
        case = api.record_steps(
            subject=subject,
            organization=organization,
            procedure="vendor_registration",
            steps=[api.StepDone("terima-berkas"), api.StepDone("verifikasi-berkas", exit="Ya")],
            by=personas["verifier"],
        )
    assert _open(case) == ["setujui"]
    with transaction.atomic():  # a step not open: the case jumps to it, skipping what was open
        api.record_steps(
            subject=subject,
            organization=organization,
            procedure="vendor_registration",
            steps=[api.StepDone("arsipkan")],
            by=personas["verifier"],
        )
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED
    assert case.steps.get(step_key="setujui").status == "skipped"


def _registration_text() -> str:
    return factories.REGISTRATION


def test_a_domain_module_without_a_bound_sop_is_told_what_to_do(organization, personas):
    from sopan.accounts.models import OrgUnit

    subject = OrgUnit.objects.get(organization=organization, code="LPSE")
    with pytest.raises(api.ProcedureNotReady, match="No SOP in force"), transaction.atomic():
        api.record_steps(
            subject=subject,
            organization=organization,
            procedure="vendor_registration",
            steps=[api.StepDone("terima-berkas")],
            by=None,
        )


# --- concurrency (PostgreSQL) --------------------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_completing_the_same_step_at_once_exactly_one_wins(organization, personas):
    import threading

    from django.db import connection

    version = factories.effective_version(organization)
    vendor = personas["vendor_admin"]
    case = cases.case_start(version=version, title="CV Balapan", by=personas["lpse_head"])
    record = _record(case, "ajukan")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def complete():
        try:
            barrier.wait()
            cases.step_complete(record=record, by=vendor)
            outcomes.append("won")
        except cases.StepNotOpen:
            outcomes.append("told")
        finally:
            connection.close()

    threads = [threading.Thread(target=complete) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["told", "won"]
    assert case.steps.filter(step_key="terima").count() == 1
    assert case.steps.filter(step_key="ajukan", status="done").count() == 1


def test_a_module_recording_a_step_late_accounts_for_it(organization, lpse_head, personas):
    from sopan.accounts.models import OrgUnit

    version = factories.effective_version(organization, _registration_text())
    versions.procedure_bind(organization=organization, procedure="vendor_registration", sop=version.sop, by=lpse_head)
    subject = OrgUnit.objects.get(organization=organization, code="LPSE")
    steps = [api.StepDone("terima-berkas"), api.StepDone("verifikasi-berkas", exit="Ya"), api.StepDone("setujui")]
    with freeze_time(MONDAY_9), transaction.atomic():
        case = api.record_steps(
            subject=subject, organization=organization, procedure="vendor_registration", steps=steps, by=None
        )
    assert not case.steps.exclude(justification="").exists()  # on time: nothing to account for
    with freeze_time(MONDAY_9 + dt.timedelta(hours=2)), transaction.atomic():
        api.record_steps(
            subject=subject,
            organization=organization,
            procedure="vendor_registration",
            steps=[api.StepDone("arsipkan")],
            by=None,
        )
    archived = case.steps.get(step_key="arsipkan")
    assert archived.on_time is False and "late" in archived.justification


def test_each_status_change_of_a_version_is_audited_under_its_code_and_raises_its_version(organization, lpse_head):
    # Given rev. 0 in force
    first = versions.sop_import(organization=organization, text=factories.SMALL, by=lpse_head)
    versions.version_submit(version=first, by=lpse_head)
    versions.version_return(version=first, note="Ubah", by=lpse_head)
    versions.version_submit(version=first, by=lpse_head)
    versions.version_approve(version=first, by=lpse_head)
    versions.version_make_effective(version=first, by=lpse_head)
    # When rev. 1 takes effect
    second = versions.sop_revise(sop=first.sop, by=lpse_head)
    versions.version_submit(version=second, by=lpse_head)
    versions.version_approve(version=second, by=lpse_head)
    versions.version_make_effective(version=second, by=lpse_head)
    # Then every move of rev. 0 is one event under its literal code, with the status change
    events = list(AuditEvent.objects.filter(target_id=str(first.pk), action__startswith="sop.version.").order_by("pk"))
    assert [(e.action, e.changes["status"]) for e in events if "status" in e.changes] == [
        ("sop.version.submitted", ["draft", "submitted"]),
        ("sop.version.returned", ["submitted", "draft"]),
        ("sop.version.submitted", ["draft", "submitted"]),
        ("sop.version.approved", ["submitted", "approved"]),
        ("sop.version.made_effective", ["approved", "effective"]),
        ("sop.version.superseded", ["effective", "superseded"]),
    ]
    assert events[-1].changes["superseded_by"] == second.pk
    # And its counter went up once per move
    assert SopVersion.objects.get(pk=first.pk).version == 1 + 6


def test_a_submitted_version_cannot_be_submitted_twice_from_two_pages(organization, lpse_head):
    draft = versions.sop_import(organization=organization, text=factories.SMALL, by=lpse_head)
    seen = draft.version
    versions.version_submit(version=draft, by=lpse_head, seen_version=seen)
    with pytest.raises(ValidationError) as error:
        versions.version_submit(version=draft, by=lpse_head, seen_version=seen)
    assert error.value.code == "stale"
