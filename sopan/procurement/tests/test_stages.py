"""The stages of a package (issue 17 §2–§3): every transition by its persona, refused for the others and for a stale
page, the review rounds, the Pokja rules with their sources, the milestones the OCDS builder reads, the audit events
and the SOP steps recorded (Pagar Alam's SOPs Persiapan Pengadaan, Persiapan Pemilihan Penyedia, Proses Utama PBJ)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sopan.core.models import AuditEvent
from sopan.procurement import stages
from sopan.procurement.models import Package, PokjaAssignment, PreparationDocument, Review, packages_of_pokja_member
from sopan.procurement.tests.factories import bind_stage_sops, person, pokja_members, staged_package
from sopan.sop.api import case_for

S = Package.Status
TODAY = timezone.localdate()


@pytest.fixture
def org(organization):
    bind_stage_sops(organization)
    return organization


def _events(package) -> list[str]:
    return list(AuditEvent.objects.filter(target_id=str(package.pk)).order_by("id").values_list("action", flat=True))


@pytest.mark.django_db
def test_the_whole_flow_from_planning_to_handover_records_events_and_sop_steps(org):
    package = staged_package(org, "handed_over")
    assert package.status == S.HANDED_OVER
    events = _events(package)
    for code in (
        "procurement.package.preparation_document_recorded",
        "procurement.package.preparation_submitted",
        "procurement.package.preparation_approved",
        "procurement.package.selection_requested",
        "procurement.package.pokja_assigned",
        "procurement.package.review_completed",
        "procurement.package.methods_decided",
        "procurement.package.schedule_set",
        "procurement.package.selection_started",
        "procurement.package.selection_result_recorded",
        "procurement.package.sppbj_recorded",
        "procurement.package.contract_recorded",
        "procurement.package.handed_over",
    ):
        assert code in events
    for procedure in ("procurement_preparation", "procurement_selection_preparation", "procurement_main"):
        case = case_for(package, procedure=procedure)
        assert case is not None and case.status == "completed", procedure
    case = case_for(package, procedure="procurement_selection_preparation")
    done = set(case.steps.values_list("step_key", flat=True))
    assert {"sampaikan-permintaan-pemilihan", "tetapkan-pokja-pemilihan", "tetapkan-metode-pemilihan"} <= done


@pytest.mark.django_db
def test_milestones_mapping_and_values_for_the_ocds_builder(org):
    package = staged_package(org, "selection")
    assert package.milestones == {"announced_on": TODAY}
    assert package.award_value is None and package.contract_value is None
    package = staged_package(org, "handed_over", kd_rup="9900002")
    assert package.milestones == {
        "announced_on": TODAY,
        "awarded_on": TODAY,
        "contract_signed_on": TODAY,
        "handed_over_on": TODAY,
    }
    assert package.award_value == Decimal("480000000")
    assert package.contract_value == Decimal("475000000")


# --- each transition: the right persona, a wrong one, a stale page ------------------------------------------------
def _call(name, package, by, seen):
    today = TODAY
    calls = {
        "submit_preparation": lambda: stages.package_submit_preparation(package=package, by=by, seen_version=seen),
        "approve_preparation": lambda: stages.package_approve_preparation(package=package, by=by, seen_version=seen),
        "request_selection": lambda: stages.package_request_selection(
            package=package, by=by, seen_version=seen, items=["ppk_decree", "preparation_documents", "budget_document",
                                                              "rup_id", "use_schedule", "request_letter"]),
        "assign_pokja": lambda: stages.package_assign_pokja(
            package=package, by=by, seen_version=seen, decree_number="800/2", decree_date=today,
            members=pokja_members(package.organization)),
        "complete_review": lambda: stages.package_complete_review(package=package, by=by, seen_version=seen),
        "decide_methods": lambda: stages.package_decide_methods(
            package=package, by=by, seen_version=seen, selection_method="tender", qualification_method="pre",
            evaluation_method="merit_point", submission_method="two_files"),
        "set_schedule": lambda: stages.package_set_schedule(
            package=package, by=by, seen_version=seen, announcement_on=today, bid_deadline_on=today, result_on=today,
            contract_on=today),
        "start_selection": lambda: stages.package_start_selection(
            package=package, by=by, seen_version=seen, announced_on=today),
        "record_selection_result": lambda: stages.package_record_selection_result(
            package=package, by=by, seen_version=seen, on=today),
        "record_sppbj": lambda: stages.package_record_sppbj(package=package, by=by, seen_version=seen, on=today),
        "record_contract": lambda: stages.package_record_contract(package=package, by=by, seen_version=seen, on=today),
        "record_handover": lambda: stages.package_record_handover(package=package, by=by, seen_version=seen, on=today),
        "cancel": lambda: stages.package_cancel(package=package, by=by, seen_version=seen, reason="Anggaran dialihkan"),
    }  # fmt: skip
    return calls[name]()


# (transition, the stage the package is at, who may, who may not, the status after)
TRANSITIONS = [
    ("submit_preparation", "documents", "ppk", "pa.kpa", S.PREPARATION),
    ("approve_preparation", "preparation", "pa.kpa", "ppk", S.SELECTION_PREPARATION),
    ("request_selection", "selection_preparation", "ppk", "kepala.ukpbj", S.SELECTION_PREPARATION),
    ("assign_pokja", "requested", "kepala.ukpbj", "ppk", S.SELECTION_PREPARATION),
    ("complete_review", "pokja", "pokja", "tim.pembinaan", S.SELECTION_PREPARATION),
    ("decide_methods", "reviewed", "pokja", "ppk", S.SELECTION_PREPARATION),
    ("set_schedule", "methods", "jabfung.ppbj", "kepala.ukpbj", S.SELECTION_PREPARATION),
    ("start_selection", "scheduled", "tim.analisis", "ppk", S.SELECTION),
    ("record_selection_result", "selection", "pokja", "ppk", S.SELECTION),
    ("record_sppbj", "result", "ppk", "pokja", S.SELECTION),
    ("record_contract", "sppbj", "ppk", "pa.kpa", S.CONTRACT),
    ("record_handover", "contract", "ppk", "kepala.ukpbj", S.HANDED_OVER),
    ("cancel", "selection", "kepala.ukpbj", "ppk", S.CANCELLED),
    ("cancel", "planning", "pa.kpa", "pokja", S.CANCELLED),
]


def _at(org, stage):
    if stage == "documents":
        package = staged_package(org, "planning")
        ppk = person(org, "ppk")
        for kind in PreparationDocument.Kind.values:
            package = stages.package_record_preparation_document(
                package=package, kind=kind, by=ppk, seen_version=package.version
            )
        return package
    return staged_package(org, stage)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "stage", "allowed", "refused", "after"), TRANSITIONS)
def test_each_transition_by_its_persona_only_and_never_from_a_stale_page(org, name, stage, allowed, refused, after):
    package = _at(org, stage)
    version = package.version
    with pytest.raises(PermissionDenied):
        _call(name, package, person(org, refused), version)
    with pytest.raises(ValidationError) as stale:
        _call(name, package, person(org, allowed), version - 1)
    assert stale.value.code == "stale"
    _call(name, package, person(org, allowed), version)
    package.refresh_from_db()
    assert package.status == after
    assert package.version == version + 1


@pytest.mark.django_db
def test_another_organisations_people_are_refused(org, other_organization):
    from sopan.accounts import demo

    package = staged_package(org, "requested")
    spec = demo.Persona("batang.kepala.ukpbj", "Kepala UKPBJ Batang", "ukpbj_head", "LPSE")
    outsider = demo.ensure_persona(other_organization, spec, with_totp=False)
    with pytest.raises(PermissionDenied):
        _call("assign_pokja", package, outsider, package.version)
    with pytest.raises(PermissionDenied):
        stages.package_cancel(package=package, by=outsider, seen_version=package.version, reason="x")
    package.refresh_from_db()
    assert package.status == S.SELECTION_PREPARATION
    assert not PokjaAssignment.objects.filter(package=package).exists()


@pytest.mark.django_db
def test_the_preparation_cannot_be_submitted_without_its_three_documents(org):
    package = staged_package(org, "planning")
    with pytest.raises(ValidationError) as refused:
        stages.package_submit_preparation(package=package, by=person(org, "ppk"), seen_version=package.version)
    assert "Rancangan kontrak" in str(refused.value) or "Draft contract" in str(refused.value)


@pytest.mark.django_db
def test_a_selection_request_lacking_items_is_refused_naming_them(org):
    package = staged_package(org, "selection_preparation")
    with pytest.raises(ValidationError) as refused:
        stages.package_request_selection(
            package=package, by=person(org, "ppk"), seen_version=package.version, items=["ppk_decree", "rup_id"]
        )
    assert refused.value.code == "missing"
    package.refresh_from_db()
    assert not hasattr(package, "selection_request")


# --- the review rounds (Persiapan Pemilihan steps 4–5) ------------------------------------------------------------
@pytest.mark.django_db
def test_review_rounds_are_counted_over_returned_resubmitted_complete(org):
    package = staged_package(org, "pokja")
    pokja, ppk = person(org, "pokja"), person(org, "ppk")
    stages.package_return_documents(package=package, by=pokja, seen_version=package.version, findings="HPS belum ada")
    package.refresh_from_db()
    with pytest.raises(ValidationError):  # returned: no second review before the PPK resubmits
        stages.package_complete_review(package=package, by=pokja, seen_version=package.version)
    with pytest.raises(PermissionDenied):
        stages.package_resubmit_documents(package=package, by=pokja, seen_version=package.version)
    stages.package_resubmit_documents(package=package, by=ppk, seen_version=package.version)
    package.refresh_from_db()
    stages.package_return_documents(package=package, by=pokja, seen_version=package.version, findings="KAK kurang")
    package.refresh_from_db()
    stages.package_resubmit_documents(package=package, by=ppk, seen_version=package.version)
    package.refresh_from_db()
    stages.package_complete_review(package=package, by=pokja, seen_version=package.version)
    rounds = list(Review.objects.filter(package=package).values_list("round", "outcome"))
    assert rounds == [(1, "returned"), (2, "returned"), (3, "complete")]
    assert _events(package).count("procurement.package.documents_resubmitted") == 2
    case = case_for(package, procedure="procurement_selection_preparation")
    assert case.steps.filter(step_key="perbaiki-dokumen-persiapan", status="done").count() == 2


@pytest.mark.django_db
def test_refusals_read_in_indonesian(org):
    from django.utils import translation

    package = staged_package(org, "pokja")
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        stages.package_return_documents(
            package=package, by=person(org, "pokja"), seen_version=package.version, findings=" "
        )
    assert refused.value.code == "findings"
    assert refused.value.messages == ["Tuliskan apa yang harus diperbaiki PPK."]
    package = staged_package(org, "selection_preparation", kd_rup="9900003")
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        stages.package_request_selection(package=package, by=person(org, "ppk"), seen_version=package.version, items=[])
    assert "SK Penetapan PPK" in refused.value.messages[0]
    assert refused.value.messages[0].startswith("Permintaan belum dilengkapi")


# --- the Pokja rules, each with its source ------------------------------------------------------------------------
def _assign(org, package, usernames, **kwargs):
    return stages.package_assign_pokja(
        package=package,
        by=person(org, "kepala.ukpbj"),
        seen_version=package.version,
        decree_number="800/3",
        decree_date=TODAY,
        members=pokja_members(org, usernames, **kwargs),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("usernames", "kwargs", "rule", "source"),
    [
        (("pokja", "jabfung.ppbj", "verifikator"), {}, "pokja_not_lpse", "Perwali Salatiga 41/2024, Pasal 6"),
        (("pokja", "jabfung.ppbj", "ppk"), {}, "pokja_not_ppk", "Pasal 7 ayat (2)"),
        (("pokja", "jabfung.ppbj", "tim.analisis", "tim.pembinaan"), {}, "pokja_size", "Pasal 13"),
        (("pokja",), {}, "pokja_size", "Pasal 13"),
        (("pokja", "jabfung.ppbj", "tim.analisis"), {"declared": False}, "pokja_integrity", "Pakta Integritas"),
        (("pokja", "jabfung.ppbj", "tim.analisis"), {"kind": "goods"}, "pokja_competence", "Pasal 74"),
    ],
)
def test_a_pokja_breaking_a_rule_is_refused_naming_the_rule_and_its_source(org, usernames, kwargs, rule, source):
    package = staged_package(org, "requested")
    with pytest.raises(ValidationError) as refused:
        _assign(org, package, usernames, **kwargs)
    codes = {error.code for error in refused.value.error_list}
    assert codes == {rule}
    assert all(source in message for message in refused.value.messages)
    assert not PokjaAssignment.objects.filter(package=package).exists()
    package.refresh_from_db()
    assert "procurement.package.pokja_assigned" not in _events(package)


@pytest.mark.django_db
def test_pokja_membership_is_read_once_per_package_version(org, django_assert_num_queries):
    from sopan.procurement.policies import is_pokja_member

    package = Package.objects.get(pk=staged_package(org, "pokja").pk)
    member, other = person(org, "pokja"), person(org, "tim.pembinaan")
    with django_assert_num_queries(1):  # a page asks for every transition it might offer
        assert [is_pokja_member(u, package) for u in (member, other, member, other)] == [True, False, True, False]
    stages.package_return_documents(package=package, by=member, seen_version=package.version, findings="HPS")
    package.refresh_from_db()  # a new version reads again
    with django_assert_num_queries(1):
        assert is_pokja_member(member, package)


@pytest.mark.django_db
def test_the_pokja_members_see_their_package_and_only_one_pokja_is_active(org):
    package = staged_package(org, "pokja")
    assert set(package.pokja_members.values_list("username", flat=True)) == {"pokja", "jabfung.ppbj", "tim.analisis"}
    assert list(packages_of_pokja_member(person(org, "pokja"))) == [package]
    assert not packages_of_pokja_member(person(org, "tim.pembinaan")).exists()
    with pytest.raises(ValidationError):
        _assign(org, package, ("pokja", "jabfung.ppbj", "tim.analisis"))


@pytest.mark.django_db
def test_each_members_competence_in_their_words_is_kept_with_the_assignment_and_audited(org):
    package = staged_package(org, "requested")
    members = pokja_members(org)
    members[0] = dataclasses.replace(members[0], note="  Sertifikat PBJ tingkat dasar ")
    assignment = stages.package_assign_pokja(
        package=package, by=person(org, "kepala.ukpbj"), seen_version=package.version, decree_number="800/4",
        decree_date=TODAY, members=members,
    )  # fmt: skip
    first = assignment.members.get(user=members[0].user)
    assert first.competence_note == "Pekerjaan konstruksi; Sertifikat PBJ tingkat dasar"
    event = AuditEvent.objects.get(target_id=str(package.pk), action="procurement.package.pokja_assigned")
    assert event.changes["competence"][members[0].user.get_full_name()] == first.competence_note


# --- methods, schedule, milestones --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_method_against_the_rules_is_refused_with_its_source(org):
    package = staged_package(org, "reviewed", kind="goods", pagu=Decimal("900000000"))
    with pytest.raises(ValidationError) as refused:
        stages.package_decide_methods(
            package=package, by=person(org, "pokja"), seen_version=package.version,
            selection_method="direct_procurement", qualification_method="post", evaluation_method="lowest_price",
            submission_method="one_file",
        )  # fmt: skip
    assert "Pasal 38" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError) as refused:
        stages.package_decide_methods(
            package=package, by=person(org, "pokja"), seen_version=package.version, selection_method="tender",
            qualification_method="post", evaluation_method="quality_cost", submission_method="one_file",
        )  # fmt: skip
    assert refused.value.code == "evaluation"


@pytest.mark.django_db
def test_a_schedule_out_of_order_is_refused(org):
    package = staged_package(org, "methods")
    with pytest.raises(ValidationError) as refused:
        stages.package_set_schedule(
            package=package, by=person(org, "pokja"), seen_version=package.version, announcement_on=TODAY,
            bid_deadline_on=TODAY.replace(year=TODAY.year - 1), result_on=TODAY, contract_on=TODAY,
        )  # fmt: skip
    assert refused.value.code == "schedule"


@pytest.mark.django_db
def test_the_contract_needs_the_sppbj_first_and_a_date_not_in_the_future(org):
    package = staged_package(org, "result")
    ppk = person(org, "ppk")
    with pytest.raises(ValidationError):
        stages.package_record_contract(package=package, by=ppk, seen_version=package.version, on=TODAY)
    with pytest.raises(ValidationError) as refused:
        stages.package_record_sppbj(
            package=package, by=ppk, seen_version=package.version, on=TODAY.replace(year=TODAY.year + 1)
        )
    assert refused.value.code == "date"


@pytest.mark.django_db
def test_a_handed_over_package_cannot_be_cancelled(org):
    package = staged_package(org, "handed_over")
    with pytest.raises(ValidationError):
        stages.package_cancel(package=package, by=person(org, "kepala.ukpbj"), seen_version=package.version, reason="x")


@pytest.mark.django_db
def test_the_ocds_builder_reads_the_recorded_milestones(org):
    from sopan.procurement.ocds.releases import stages_reached

    assert stages_reached(staged_package(org, "selection")) == ("planning", "tender")
    assert stages_reached(staged_package(org, "sppbj", kd_rup="9900004")) == ("planning", "tender", "award")
    handed = staged_package(org, "handed_over", kd_rup="9900005")
    assert stages_reached(handed) == ("planning", "tender", "award", "contract")


@pytest.mark.django_db
def test_a_cancellation_closes_the_open_sop_cases_and_keeps_the_reason(org):
    package = staged_package(org, "pokja")
    head = person(org, "kepala.ukpbj")
    stages.package_cancel(package=package, by=head, seen_version=package.version, reason="Refocusing")
    assert case_for(package, procedure="procurement_selection_preparation").status == "cancelled"
    assert case_for(package, procedure="procurement_preparation").status == "completed"
    event = AuditEvent.objects.filter(target_id=str(package.pk), action="procurement.package.cancelled").get()
    assert event.changes["reason"] == "Refocusing"
