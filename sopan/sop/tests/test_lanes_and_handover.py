"""Issue 16 §1 and §3: lanes of the organisation's own roles and of outside parties, a loop back to activity 1, and
the hand-over to another SOP (`next: {sop: <key>}`), each from a file written the way an administrator writes it."""

from __future__ import annotations

import textwrap

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sopan.accounts.services import own_roles
from sopan.accounts.tests.factories import RoleAssignmentFactory
from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.sop import coverage, selectors
from sopan.sop import definition as d
from sopan.sop.definition.handovers import handover_warnings
from sopan.sop.models import Case, StepRecord
from sopan.sop.rendering import flowchart
from sopan.sop.services import cases, versions

# Perwali Salatiga 41/2024, annex 2.6.3 c (seed 002): the LPSE forwards a technical problem it cannot solve to LKPP.
# Lanes: the organisation's own emergency team, Helpdesk LKPP (outside, recorded by the helpdesk) and another LPSE
# (outside, nobody named: recorded by whoever holds the case).
GANGGUAN = textwrap.dedent(
    """
    format: sopan-sop/1
    key: penanganan-gangguan-spse
    identity:
      title: SOP Penanganan Gangguan SPSE
      approved_by: {position: Kepala LPSE}
    lanes:
    - {key: tim-darurat, name: Tim Tanggap Darurat, roles: [emergency_team]}
    - {key: helpdesk-lkpp, name: Helpdesk LKPP, recorded_by: [helpdesk_agent]}
    - {key: lpse-lain, name: LPSE lain, roles: []}
    steps:
    - {key: terima-laporan, number: '1', text: Menerima laporan gangguan, symbol: start, lanes: [tim-darurat],
       time: 10 menit, next: teruskan}
    - {key: teruskan, number: '2', text: Meneruskan laporan ke Helpdesk LKPP, symbol: process, lanes: [tim-darurat],
       next: jawab-lkpp}
    - {key: jawab-lkpp, number: '3', text: Memberikan solusi, symbol: process, lanes: [helpdesk-lkpp],
       time: 1 hari, next: konfirmasi}
    - {key: konfirmasi, number: '4', text: Mengonfirmasi dampak di LPSE lain, symbol: end, lanes: [lpse-lain]}
    """
)

# Shaped on the Batang telephone SOP (seed 004): activity 1 carries the start symbol; a call that cannot be understood
# goes "kembali ke aktivitas No. 1"; step 7 archives "dengan mengacu pada SOP Pengarsipan Berkas": a hand-over.
TELEPON = textwrap.dedent(
    """
    format: sopan-sop/1
    key: telepon-uji
    identity:
      title: SOP Penanganan Permasalahan melalui Telepon
      approved_by: {position: Ketua LPSE}
    lanes:
    - {key: layanan, name: Bidang Layanan dan Dukungan, roles: [helpdesk_agent]}
    steps:
    - {key: terima-telepon, number: '1', text: Menerima telepon, symbol: start, lanes: [layanan], time: 10 detik,
       next: jelas}
    - key: jelas
      number: '2'
      text: Apakah permasalahan dapat dipahami?
      symbol: decision
      lanes: [layanan]
      exits: [{label: Ya, to: arsipkan}, {label: Tidak, to: terima-telepon}]
      notes: Tidak, kembali ke aktivitas No. 1
    - key: arsipkan
      number: '7'
      text: Mengarsipkan lembar konsultasi dengan mengacu pada SOP Pengarsipan Berkas
      symbol: connector
      lanes: [layanan]
      next: {sop: pengarsipan-berkas}
    """
)

ARSIP = textwrap.dedent(
    """
    format: sopan-sop/1
    key: pengarsipan-berkas
    identity:
      title: SOP Pengarsipan Berkas
      approved_by: {position: Kepala LPSE}
    lanes:
    - {key: arsiparis, name: Pengelola Arsip, roles: [%(role)s]}
    steps:
    - {key: terima-berkas, number: '1', text: Menerima berkas, symbol: start, lanes: [arsiparis], next: simpan}
    - {key: simpan, number: '2', text: Menyimpan berkas, symbol: end, lanes: [arsiparis]}
    """
)


def _in_force(organization, text, by):
    version = versions.sop_import(organization=organization, text=text, by=by)
    versions.version_submit(version=version, by=None)
    versions.version_approve(version=version, by=None)
    return versions.version_make_effective(version=version, by=None)


def _open(case, key) -> StepRecord:
    return case.steps.get(step_key=key, status="open")


@pytest.fixture
def team_member(organization, lpse_head):
    own_roles.own_role_create(organization=organization, code="emergency_team", name="Tim Darurat", by=lpse_head)
    return RoleAssignmentFactory(user__organization=organization, role="emergency_team").user


def test_own_role_lane_is_completed_by_its_holder_and_outside_lanes_by_their_recorders(
    organization, lpse_head, personas, team_member
):
    # Given the SOP imported as written (its lanes name an own team and two outside parties)
    version = _in_force(organization, GANGGUAN, lpse_head)
    lanes = {lane.key: lane for lane in version.parsed.lanes}
    assert lanes["lpse-lain"].is_outside_party and lanes["helpdesk-lkpp"].is_outside_party
    assert not lanes["tim-darurat"].is_outside_party
    # When the team member starts it: the helpdesk agent may not do the team's step, its holder may
    case = cases.case_start(version=version, title="SPSE tidak dapat diakses", by=team_member)
    with pytest.raises(PermissionDenied):
        cases.step_complete(record=_open(case, "terima-laporan"), by=personas["helpdesk_agent"])
    cases.step_complete(record=_open(case, "terima-laporan"), by=team_member)
    cases.step_complete(record=_open(case, "teruskan"), by=team_member)
    # Then Helpdesk LKPP's answer is recorded by the helpdesk (recorded_by), not by the team
    with pytest.raises(PermissionDenied):
        cases.step_complete(record=_open(case, "jawab-lkpp"), by=team_member)
    agent = personas["helpdesk_agent"]
    cases.step_complete(record=_open(case, "jawab-lkpp"), by=agent)
    # And the other LPSE's step, with nobody named, is held by the one whose completion opened it
    last = _open(case, "konfirmasi")
    assert last.assignee == agent and last in selectors.my_tasks_for(agent)
    with pytest.raises(PermissionDenied):
        cases.step_complete(record=last, by=team_member)
    cases.step_complete(record=last, by=agent)
    assert Case.objects.get(pk=case.pk).status == "completed"


def test_a_lane_naming_an_unknown_role_says_what_to_write(organization):
    text = GANGGUAN.replace("roles: [emergency_team]", "roles: [tim_darurat]")
    with pytest.raises(d.DefinitionError) as error:
        d.load_yaml(text, source="gangguan.yaml")
    assert "'tim_darurat' is not a role of the catalogue nor of the organisation" in str(error.value)
    assert "lanes" not in str(error.value).split("tim_darurat")[0].split(":")[-1]


def test_a_loop_back_to_activity_1_runs_twice_and_ends_at_the_hand_over(organization, lpse_head, personas):
    # Given the telephone SOP (step 2 "Tidak": kembali ke aktivitas No. 1) and the archiving SOP in force
    _in_force(organization, ARSIP % {"role": "helpdesk_agent"}, lpse_head)
    version = _in_force(organization, TELEPON, lpse_head)
    assert version.parsed.predecessors("terima-telepon") == ("jelas",)
    agent = personas["helpdesk_agent"]
    case = cases.case_start(version=version, title="Penelepon CV Maju", by=agent)
    # When the call is not understood the first time
    cases.step_complete(record=_open(case, "terima-telepon"), by=agent)
    cases.step_complete(record=_open(case, "jelas"), by=agent, exit_label="Tidak")
    cases.step_complete(record=_open(case, "terima-telepon"), by=agent)
    cases.step_complete(record=_open(case, "jelas"), by=agent, exit_label="Ya")
    # Then activity 1 was done twice, and the connector step ends the case
    done = list(case.steps.filter(status="done").values_list("step_key", flat=True))
    assert done == ["terima-telepon", "jelas", "terima-telepon", "jelas"]
    cases.step_complete(record=_open(case, "arsipkan"), by=agent)
    case.refresh_from_db()
    assert case.status == "completed"
    # And the linked archiving case started in the agent's name, its first step theirs
    linked = case.handed_over_to.get()
    assert (linked.sop.key, linked.started_by, linked.title) == ("pengarsipan-berkas", agent, case.title)
    assert _open(linked, "terima-berkas").assignee == agent
    event = AuditEvent.objects.filter(action="sop.case.started", target_id=str(linked.pk)).get()
    assert (event.actor_id, event.changes["handed_over_from"]) == (agent.pk, case.pk)
    # And the plans that cover the SOP take the loop and end at the hand-over
    runs = [coverage.simulate(version.parsed, plan) for plan in coverage.covering_plans(version.parsed)]
    assert any(("jelas", "Tidak") in run for run in runs) and all(run[-1][0] == "arsipkan" for run in runs)


def test_a_hand_over_to_another_lane_becomes_a_task_for_its_holders(organization, lpse_head, personas, client):
    # Given an archiving SOP whose first lane is the registration officer's, not the helpdesk's
    _in_force(organization, ARSIP % {"role": "registration_officer"}, lpse_head)
    version = _in_force(organization, TELEPON, lpse_head)
    agent, officer = personas["helpdesk_agent"], personas["registration_officer"]
    case = cases.case_start(version=version, title="Penelepon CV Jaya", by=agent)
    for key, label in (("terima-telepon", ""), ("jelas", "Ya"), ("arsipkan", "")):
        cases.step_complete(record=_open(case, key), by=agent, exit_label=label)
    # Then the linked case has no starter: its first step waits on the home page of the registration officers
    linked = Case.objects.get(handed_over_from=case)
    first = _open(linked, "terima-berkas")
    assert linked.started_by is None and first.assignee is None
    assert not cases.policies.can_start_case(agent, linked.version)
    assert first in selectors.my_tasks_for(officer) and first not in selectors.my_tasks_for(agent)
    # And each case page links to the other
    login(client, officer)
    page = client.get(reverse("sop:case-detail", kwargs={"pk": linked.pk})).content.decode()
    assert reverse("sop:case-detail", kwargs={"pk": case.pk}) in page and case.reference in page
    login(client, agent)
    page = client.get(reverse("sop:case-detail", kwargs={"pk": case.pk})).content.decode()
    assert f'data-handed-over-to="{linked.pk}"' in page and linked.reference in page
    cases.step_complete(record=first, by=officer)


def test_a_hand_over_to_an_sop_not_in_force_ends_the_case_with_a_note(organization, lpse_head, personas):
    # Given the telephone SOP imported before the archiving SOP exists: the loader warns, it does not refuse
    definition = handover_warnings(d.load_yaml(TELEPON, source="telepon.yaml"), known_sops=["telepon-uji"])
    [warning] = definition.warnings
    assert (warning.where, warning.field, warning.severity) == ("step 7 (arsipkan)", "next.sop", "warning")
    assert "no SOP 'pengarsipan-berkas'" in warning.message
    version = _in_force(organization, TELEPON, lpse_head)
    agent = personas["helpdesk_agent"]
    case = cases.case_start(version=version, title="Penelepon CV Sejahtera", by=agent)
    for key, label in (("terima-telepon", ""), ("jelas", "Ya"), ("arsipkan", "")):
        cases.step_complete(record=_open(case, key), by=agent, exit_label=label)
    case.refresh_from_db()
    assert case.status == "completed" and not case.handed_over_to.exists()
    assert "pengarsipan-berkas" in case.handover_note and "no version in force" in case.handover_note
    event = AuditEvent.objects.filter(action="sop.step.completed", target_id=str(case.pk)).order_by("sequence").last()
    assert event.changes["step"] == "7" and event.changes["handover_note"] == case.handover_note


def test_the_hand_over_is_kept_in_the_data_form_and_printed_as_an_off_page_connector():
    definition = d.load_yaml(TELEPON, source="telepon.yaml")
    step = definition.step("arsipkan")
    assert (step.handover, step.successors) == ("pengarsipan-berkas", ())
    assert d.load_yaml(definition.to_yaml(), source="again").step("arsipkan").handover == "pengarsipan-berkas"
    svg = flowchart.document(definition).pages[0].svg
    assert 'data-handover="pengarsipan-berkas"' in svg and "Continues in SOP pengarsipan-berkas" in svg
    # An activity that hands over gets the pentagon beside it
    activity = d.load_yaml(TELEPON.replace("symbol: connector", "symbol: process"), source="telepon.yaml")
    beside = flowchart.document(activity).pages[0].svg.split('class="sop-handover"')[1].split("</g>")[0]
    itself = svg.split('class="sop-handover"')[1].split("</g>")[0]
    assert "<polygon" in beside and "<polygon" not in itself


def test_a_hand_over_needs_an_sop_key_and_a_decision_leads_to_it_through_a_connector_step():
    bad = TELEPON.replace("next: {sop: pengarsipan-berkas}", "next: {sop: Pengarsipan Berkas}")
    with pytest.raises(d.DefinitionError) as error:
        d.load_yaml(bad, source="telepon.yaml")
    assert "next.sop: write the key of the other SOP" in str(error.value)
    exit_to_sop = TELEPON.replace("{label: Ya, to: arsipkan}", "{label: Ya, to: {sop: pengarsipan-berkas}}")
    with pytest.raises(d.DefinitionError) as error:
        d.load_yaml(exit_to_sop, source="telepon.yaml")
    assert "exits[0].to: lead the exit to a step drawn as the connector" in str(error.value)


def test_a_first_step_of_an_outside_party_is_held_by_the_starter_or_else_by_the_sop_managers(
    organization, lpse_head, personas
):
    # Given an SOP whose activity 1 is another LPSE's (no roles, nobody recording for it)
    text = GANGGUAN.replace("lanes: [tim-darurat],\n   time: 10 menit", "lanes: [lpse-lain],\n   time: 10 menit")
    version = _in_force(organization, text.replace("[emergency_team]", "[helpdesk_agent]"), lpse_head)
    agent, verifier = personas["helpdesk_agent"], personas["verifier"]
    # When a staff member outside its lanes starts it, the first step is theirs to record
    case = cases.case_start(version=version, title="Laporan dari LPSE Batang", by=verifier)
    first = _open(case, "terima-laporan")
    assert first.assignee == verifier and first.role_codes == []
    with pytest.raises(PermissionDenied):
        cases.step_complete(record=first, by=agent)
    # And started by the system, nobody holds it: the SOP managers record it
    by_system = cases.case_start(version=version, title="Laporan otomatis", by=None)
    first = _open(by_system, "terima-laporan")
    assert first.assignee is None
    with pytest.raises(PermissionDenied):
        cases.step_complete(record=first, by=agent)
    cases.step_complete(record=first, by=lpse_head)
    assert _open(by_system, "teruskan").role_codes == ["helpdesk_agent"]
