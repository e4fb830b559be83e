"""The demo packages: imported through the service, moved to every stage through the stage services by the persons
holding the roles (so the stage records, audit events and SOP steps exist), one review returned once, idempotent."""

import pytest

from sopan.core.models import AuditEvent
from sopan.procurement import demo
from sopan.procurement.models import Milestone, Package, PokjaAssignment, Review
from sopan.procurement.tests.factories import bind_stage_sops, person
from sopan.procurement.workflows import MAIN, PREPARATION, SELECTION_PREPARATION
from sopan.sop.api import case_for
from sopan.sop.models import Case, StepRecord

pytestmark = pytest.mark.django_db

PEOPLE = ("jabfung.ppbj", "ppk", "pa.kpa", "kepala.ukpbj", "pokja", "tim.analisis")


def _demo_organization(organization):
    bind_stage_sops(organization)
    return {username: person(organization, username) for username in PEOPLE}


def _counts(organization) -> tuple:
    return (
        AuditEvent.objects.count(),
        StepRecord.objects.filter(organization=organization).count(),
        Case.objects.filter(organization=organization).count(),
        Review.objects.count(),
        Milestone.objects.count(),
    )


def test_demo_moves_packages_through_the_services_to_every_stage_and_a_second_run_adds_nothing(organization):
    people = _demo_organization(organization)
    demo.seed(organization)
    packages = Package.objects.filter(organization=organization)
    assert set(packages.values_list("status", flat=True)) == set(Package.Status.values)

    handed_over = packages.get(status=Package.Status.HANDED_OVER)
    assert handed_over.commitment_officer == people["ppk"] and handed_over.budget_holder == people["pa.kpa"]
    actions = set(AuditEvent.objects.filter(target_id=str(handed_over.pk)).values_list("action", flat=True))
    assert {"procurement.package.preparation_approved", "procurement.package.pokja_assigned",
            "procurement.package.handed_over"} <= actions  # fmt: skip
    for procedure in (PREPARATION, SELECTION_PREPARATION, MAIN):  # every SOP case of the package ran to its end
        assert case_for(handed_over, procedure=procedure).status == Case.Status.COMPLETED, procedure
    assert {m.kind for m in handed_over.milestone_records.all()} == set(Milestone.Kind.values)

    returned = Review.objects.get(outcome=Review.Outcome.RETURNED)  # one review returned once, then complete
    assert returned.round == 1 and returned.resubmitted_at is not None and returned.findings
    assert list(returned.package.reviews.order_by("round").values_list("outcome", flat=True)) == [
        "returned",
        "complete",
    ]
    assert returned.package.status == Package.Status.SELECTION
    members = PokjaAssignment.objects.get(package=handed_over).members.values_list("user__username", flat=True)
    assert set(members) == {"pokja", "jabfung.ppbj", "tim.analisis"}

    before = (sorted(packages.values_list("kd_rup", "version", "status")), _counts(organization))
    demo.seed(organization)
    assert (sorted(packages.values_list("kd_rup", "version", "status")), _counts(organization)) == before


def test_without_the_stage_sops_the_packages_are_imported_and_left_in_planning(organization):
    for username in PEOPLE:
        person(organization, username)
    demo.seed(organization)
    statuses = set(Package.objects.filter(organization=organization).values_list("status", flat=True))
    assert statuses == {Package.Status.PLANNING}


def test_a_demo_organisation_publishes_its_packages_as_ocds(organization, client):
    from sopan.procurement.ocds.validation import validate

    _demo_organization(organization)
    demo.seed(organization)

    response = client.get(f"/pengadaan/publik/{organization.slug}/ocds.json")

    assert response.status_code == 200
    document = response.json()
    assert validate(document) == []
    assert {release["ocid"].rsplit("-", 1)[0] for release in document["releases"]} == {"ocds-demosa"}
    tags = {tag for release in document["releases"] for tag in release["tag"]}
    assert tags == {"planning", "tender", "award", "contract"}  # the packages past their contract are published so
