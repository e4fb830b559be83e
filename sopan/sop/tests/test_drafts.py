"""Incomplete sources (issue 16 §2): a file read as far as it goes, every problem listed at once, kept as a draft that
can be edited and printed but not submitted, approved or run until it validates.

The files are the LPSE Kabupaten Batang SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon (seed
004_0e5e3f0f8924516f.txt, 8 steps; step 5 is the decision "Apakah Bidang Layanan dan Dukungan dapat menjawab …",
step 6 its "ya" branch, step 8 its "tidak" branch) transcribed the way an administrator leaves a table unfinished.
"""

from __future__ import annotations

import textwrap

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from sopan.core.testing import login
from sopan.sop import definition as d
from sopan.sop import policies, rendering
from sopan.sop.models import Case, SopVersion, StepRecord
from sopan.sop.services import cases, versions
from sopan.sop.tests import factories

HEAD = textwrap.dedent(
    """\
    format: sopan-sop/1
    key: penanganan-telepon
    identity:
      organization: PEMERINTAH KABUPATEN BATANG
      unit: LAYANAN PENGADAAN SECARA ELEKTRONIK
      number: SOP-LPSE.BTG-017
      title: SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon
      approved_by: {position: Ketua LPSE}
    """
)
LANES = textwrap.dedent(
    """\
    lanes:
    - {key: pengguna, name: Pengguna SPSE, roles: [vendor_admin], recorded_by: [helpdesk_agent]}
    - {key: layanan, name: Bidang Layanan dan Dukungan, roles: [helpdesk_agent]}
    """
)
STEPS_1_TO_4 = textwrap.dedent(
    """\
    steps:
    - {key: hubungi, number: '1', text: Menghubungi Bidang Layanan dan Dukungan melalui telepon, symbol: start,
       lanes: [pengguna], time: N/A, next: terima}
    - {key: terima, number: '2', text: Menerima telepon dengan ramah dan sopan, symbol: process, lanes: [layanan],
       time: 10 detik, next: tanya}
    - key: tanya
      number: '3'
      text: Menanyakan identitas pengguna dan permasalahan yang ingin disampaikan
      symbol: process
      lanes: [layanan]
      requirements: [Semua informasi yang didapat dicatat pada Formulir Konsultasi]
      time: 2 menit
      next: {TANYA}
    - {key: beri-info, number: '4', text: Memberikan informasi identitas pengguna, symbol: process, lanes: [pengguna],
       time: N/A, next: dapat-dijawab}
    """
)
STEP_5 = textwrap.dedent(
    """\
    - key: dapat-dijawab
      number: '5'
      text: Apakah Bidang Layanan dan Dukungan dapat menjawab atau memberikan solusi?
      symbol: decision
      lanes: [layanan]
      time: N/A
      exits:
      {EXITS}
    """
)
STEPS_6_TO_8 = textwrap.dedent(
    """\
    - {key: beri-solusi, number: '6', text: Memberikan penjelasan/solusi, symbol: process, lanes: [layanan],
       time: N/A, next: arsipkan}
    - {key: arsipkan, number: '7', text: Mengarsipkan lembar konsultasi, symbol: end, lanes: [layanan], time: 10 Menit}
    - {key: beri-tiket, number: '8', text: Memberikan nomor formulir konsultasi dan no tiket, symbol: end,
       lanes: [layanan], time: 10 Menit}
    """
)
BOTH_EXITS = "- {label: Ya, to: beri-solusi}\n  - {label: Tidak, to: beri-tiket}"


def sop(*, tanya="beri-info", exits=BOTH_EXITS, rest=STEPS_6_TO_8) -> str:
    return HEAD + LANES + STEPS_1_TO_4.replace("{TANYA}", tanya) + STEP_5.replace("{EXITS}", exits) + rest


# Steps 1 to 3 and step 4 half-written: the page of the table ended in the middle of row 4.
CUT_OFF = (
    HEAD
    + LANES
    + STEPS_1_TO_4.replace("{TANYA}", "beri-info").split("- {key: beri-info")[0]
    + ("- {key: beri-info, number: '4', text: Memberikan informasi identitas, next: dapat-dijawab}\n")
)
IDENTITY_ONLY = HEAD
# Step 5's "Tidak" left without a target, and step 8 (its branch) not transcribed.
OPEN_EXIT = sop(
    exits="- {label: Ya, to: beri-solusi}\n  - {label: Tidak}", rest=STEPS_6_TO_8.rsplit("- {key: beri-", 1)[0]
)


def _errors(problems):
    return {(p.where, p.field) for p in problems if p.severity == d.Severity.ERROR}


def test_the_complete_batang_file_loads_without_problems():
    definition, problems = d.check_yaml(sop(), source="batang.yaml")
    assert problems == [] and len(definition.steps) == 8


def test_a_decision_whose_second_outcome_is_not_written_is_named_with_its_field():
    definition, problems = d.check_yaml(sop(exits="- {label: Ya, to: beri-solusi}"), source="batang.yaml")
    assert ("step 5 (dapat-dijawab)", "exits") in _errors(problems)
    assert ("step 8 (beri-tiket)", "") in _errors(problems)  # nothing leads to step 8 now
    assert definition.step("dapat-dijawab").exits == (d.Exit("Ya", "beri-solusi"),)
    assert all(p.source == "batang.yaml" for p in problems)
    with pytest.raises(d.DefinitionError):
        d.load_yaml(sop(exits="- {label: Ya, to: beri-solusi}"))


def test_an_exit_without_a_target_ends_the_procedure_with_a_warning_and_loads():
    definition = d.load_yaml(OPEN_EXIT, source="batang.yaml")
    decision = definition.step("dapat-dijawab")
    assert decision.exits[1] == d.Exit("Tidak") and decision.ends_here and decision.successors == ("beri-solusi",)
    [warning] = definition.warnings
    assert (warning.where, warning.field, warning.severity) == ("step 5 (dapat-dijawab)", "exits[1]", "warning")
    assert "ends there" in warning.message
    assert d.load_yaml(definition.to_yaml()) == definition  # written back as {label: Tidak}
    svg = rendering.document(definition).pages[0].svg  # printed as an end in the Keterangan of step 5
    assert ">Tidak: the<" in svg and ">ends here.<" in svg
    # and drawn as an end terminator beside the decision, the exit's label on its line
    assert svg.count('class="sop-open-exit"') == 1 and 'data-exit="Tidak"' in svg and ">End<" in svg


def test_a_case_taking_an_exit_without_a_target_ends_there(organization):
    version = factories.effective_version(organization, OPEN_EXIT)
    case = cases.case_start(version=version, title="Telepon CV Maju", by=None)
    while case.status == Case.Status.OPEN:
        record = case.steps.get(status=StepRecord.Status.OPEN)
        step = version.parsed.step(record.step_key)
        exit_label = "Tidak" if step.is_decision else ""
        cases.step_complete(
            record=record, by=None, exit_label=exit_label, checklist=list(step.requirements), justification="uji"
        )
        case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED
    assert list(case.steps.order_by("id").values_list("step_key", flat=True))[-1] == "dapat-dijawab"


def test_a_step_whose_successor_cannot_be_read_keeps_what_could_be_read():
    definition, problems = d.check_yaml(sop(tanya="'lihat langkah ?'"), source="batang.yaml")
    assert _errors(problems) == {("step 3 (tanya)", "next"), ("step 4 (beri-info)", "")}
    step = definition.step("tanya")
    assert step.time == d.Waktu("2 menit", 2, "menit") and step.requirements


def test_a_table_cut_off_half_way_lists_structural_and_flow_problems_at_once():
    definition, problems = d.check_yaml(CUT_OFF, source="batang.yaml")
    errors = _errors(problems)
    assert ("step 4 (beri-info)", "symbol") in errors  # structural: the row lost its symbol
    assert ("step 4 (beri-info)", "lanes") in errors  # structural: and its lane
    assert ("step 4 (beri-info)", "next") in errors  # flow: step 5 is on the missing page
    assert ("steps", "") in errors  # flow: no end terminator
    assert [s.number for s in definition.steps] == ["1", "2", "3", "4"]
    with pytest.raises(d.DefinitionError) as raised:
        d.load_yaml(CUT_OFF)
    assert len(raised.value.problems) == len(errors)


def test_a_document_with_only_its_identity_block_is_read():
    definition, problems = d.check_yaml(IDENTITY_ONLY, source="batang.yaml")
    assert definition.identity.number == "SOP-LPSE.BTG-017" and definition.steps == ()
    assert {("lanes", ""), ("steps", "")} <= _errors(problems)
    rendering.document(definition)  # the identity block prints


def test_a_text_that_is_not_yaml_gives_no_definition():
    assert d.check_yaml("key: [unclosed", source="x.yaml")[0] is None
    assert d.check_yaml("- just a list", source="x.yaml")[0] is None


# --- drafts ------------------------------------------------------------------------------------------------------
@pytest.fixture
def draft(organization, lpse_head):
    return versions.sop_import(organization=organization, text=CUT_OFF, by=lpse_head, allow_problems=True)


def test_an_incomplete_file_is_refused_unless_kept_as_a_draft(organization, lpse_head):
    with pytest.raises(ValidationError):
        versions.sop_import(organization=organization, text=CUT_OFF, by=lpse_head)
    assert not SopVersion.objects.exists()
    with pytest.raises(ValidationError):
        versions.sop_import(organization=organization, text="- a list", by=lpse_head, allow_problems=True)


def test_an_incomplete_draft_keeps_its_problems_and_cannot_be_submitted_approved_or_run(draft, lpse_head, personas):
    problems = draft.problems
    assert {(p["where"], p["field"]) for p in problems} >= {("step 4 (beri-info)", "lanes"), ("steps", "")}
    assert {p["source"] for p in problems} == {"import"} and draft.parsed.key == "penanganan-telepon"
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        versions.version_submit(version=draft, by=lpse_head)
    assert len(draft.errors) == 4 and "masih memiliki 4 masalah" in refused.value.messages[0]
    SopVersion.objects.filter(pk=draft.pk).update(status=SopVersion.Status.SUBMITTED)  # as if it got there
    with pytest.raises(ValidationError, match="still has 4 problems"):
        versions.version_approve(version=draft, by=None)
    SopVersion.objects.filter(pk=draft.pk).update(status=SopVersion.Status.EFFECTIVE)
    draft.refresh_from_db()
    assert not policies.can_start_case(personas["helpdesk_agent"], draft)
    # nobody runs it, not even the system (by=None): the refusal says why
    for by in (lpse_head, None):
        with pytest.raises(ValidationError, match="still has 4 problems"):
            cases.case_start(version=draft, title="Telepon CV Maju", by=by)


def test_editing_a_draft_rechecks_it_until_it_can_be_submitted(draft, lpse_head):
    half_mended = CUT_OFF.replace("next: dapat-dijawab}", "symbol: process, lanes: [pengguna], next: dapat-dijawab}")
    draft = versions.version_update(version=draft, text=half_mended, by=lpse_head)
    assert ("step 4 (beri-info)", "lanes") not in {(p["where"], p["field"]) for p in draft.problems}
    assert draft.errors and "dapat-dijawab" in draft.yaml_text()
    draft = versions.version_update(version=draft, text=sop(), by=lpse_head)
    assert draft.problems == [] and draft.definition == d.load_yaml(sop()).as_data()
    assert versions.version_submit(version=draft, by=lpse_head).status == SopVersion.Status.SUBMITTED


def test_the_draft_page_lists_its_problems_and_the_draft_prints(client, draft, lpse_head):
    login(client, lpse_head)
    page = client.get(reverse("sop:version-detail", kwargs={"pk": draft.pk})).content.decode()
    assert 'id="version-problems-error"' in page and "step 4 (beri-info)" in page and "<code>lanes</code>" in page
    assert 'id="submit-version"' not in page and 'id="edit-draft"' in page
    edit = client.get(reverse("sop:version-edit", kwargs={"pk": draft.pk})).content.decode()
    assert "Memberikan informasi identitas" in edit
    assert client.get(reverse("sop:sop-list")).status_code == 200
    exported = client.get(reverse("sop:version-yaml", kwargs={"pk": draft.pk})).content.decode()
    assert exported.startswith("format: sopan-sop/1") and "next: dapat-dijawab" in exported  # as written
    start = client.post(reverse("sop:case-start", kwargs={"pk": draft.pk}), {"title": "Telepon CV Maju"})
    assert start.status_code in (403, 404) and not draft.cases.exists()
    response = client.get(reverse("sop:version-pdf", kwargs={"pk": draft.pk}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_import_page_keeps_an_incomplete_file_as_a_draft(client, lpse_head):
    login(client, lpse_head)
    ticked = 'name="keep_incomplete" id="keep-incomplete" checked'
    assert ticked in client.get(reverse("sop:sop-import")).content.decode()  # by default
    refused = client.post(reverse("sop:sop-import"), {"text": IDENTITY_ONLY})  # unticked: refused as before
    assert refused.status_code == 200 and ticked not in refused.content.decode() and not SopVersion.objects.exists()
    response = client.post(reverse("sop:sop-import"), {"text": IDENTITY_ONLY, "keep_incomplete": "on"})
    version = SopVersion.objects.get()
    assert response.status_code == 302 and version.errors and version.title.startswith("SOP Penanganan")


def test_a_draft_with_warnings_only_lists_them_apart_and_can_be_submitted(client, organization, lpse_head):
    version = versions.sop_import(organization=organization, text=OPEN_EXIT, by=lpse_head)
    assert version.errors == [] and [p["field"] for p in version.warnings] == ["exits[1]"]
    login(client, lpse_head)
    page = client.get(reverse("sop:version-detail", kwargs={"pk": version.pk})).content.decode()
    assert 'id="version-problems-warning"' in page and 'id="version-problems-error"' not in page
    assert 'id="submit-version"' in page
    assert versions.version_submit(version=version, by=lpse_head).status == SopVersion.Status.SUBMITTED


def test_an_identity_block_without_a_key_takes_one_from_its_title(organization, lpse_head):
    text = IDENTITY_ONLY.replace("key: penanganan-telepon\n", "")
    version = versions.sop_import(organization=organization, text=text, by=lpse_head, allow_problems=True)
    assert version.sop.key == "sop-penanganan-permasalahan-pengguna-spse-melalui-telepon"
    assert [p["field"] for p in version.warnings] == ["key"] and "key:" in version.yaml_text()
