"""Role matrix of the procurement pages (/pengadaan/). The object is made on first use in the matrix's data: a package
of the demo organisation's DPUPR, the agency of the demo PPK.

Who is who: the Kepala UKPBJ sees every package and imports the RUP; the PPK sees their agency's packages; a Pokja
member has the list (of the packages they are assigned to: none here) and 404 for a package not theirs; everyone
else of the organisation gets 403; the outsider (Kepala LPSE of another organisation) 403 for the list and 404 for
the package.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

ANON = {"anonymous": 302}


def _package(data):
    if "procurement_package" not in data:
        from sopan.procurement.tests.factories import make_package

        data["procurement_package"] = make_package(data["organization"], kd_rup="77000001", agency_code="DPUPR")
    return {"pk": data["procurement_package"].pk}


ROUTES = [
    Route("procurement:package-list", default=403, expect={**ANON, "ukpbj_head": 200, "ppk": 200, "pokja": 200}),
    Route(
        "procurement:package-detail",
        default=403,
        kwargs=_package,
        expect={**ANON, "ukpbj_head": 200, "ppk": 200, "pokja": 404, "outsider": 404},
    ),
    # An empty upload is refused as incomplete (400) for who may import; the page itself is tested in test_pages.
    Route("procurement:rup-import", default=403, method="post", expect={**ANON, "ukpbj_head": 400}),
    # Public (no login): the demo organisation has no OCID prefix here, so every persona gets 404 (the endpoint's
    # content is tested in test_ocds_export).
    Route("procurement:ocds", default=404, kwargs=lambda data: {"org": data["organization"].slug}),
    # The pipeline dashboard: who may view packages (each over their own scope); everyone else 403.
    Route("procurement:dashboard", default=403, expect={**ANON, "ukpbj_head": 200, "ppk": 200, "pokja": 200}),
    # --- the stages on the package's page (views_stages) ---
    # Cancelling with an empty form: who may cancel (the Kepala UKPBJ) gets the page back with the form's errors
    # (400); the PPK sees the package but may not cancel it (403); a Pokja member not in it and the outsider 404.
    Route(
        "procurement:package-action",
        default=403,
        method="post",
        kwargs=lambda data: {**_package(data), "transition": "cancel"},
        expect={**ANON, "ukpbj_head": 400, "ppk": 403, "pokja": 404, "outsider": 404},
    ),
]


# --- the printed documents (issue 17 §5; test_printing checks their content) ------------------------------------
def _reviewed_package(data):
    """A DPUPR package with its selection request, its Pokja (the persona `pokja` among them) and a first review
    round. Written directly, not through the services: those need the stage SOPs bound, which the matrix leaves
    alone."""
    if "procurement_print_package" not in data:
        from django.utils import timezone

        from sopan.procurement.models import PokjaAssignment, PokjaAssignmentMember, Review, SelectionRequest
        from sopan.procurement.tests.factories import make_package, person

        organization = data["organization"]
        ppk, head, pokja = (person(organization, u) for u in ("ppk", "kepala.ukpbj", "pokja"))
        package = make_package(organization, kd_rup="77000091", status="selection_preparation", commitment_officer=ppk)
        SelectionRequest.objects.create(package=package, items=SelectionRequest.Item.values, submitted_by=ppk)
        assignment = PokjaAssignment.objects.create(
            package=package, decree_number="800/91/UKPBJ/2026", decree_date=timezone.localdate(), assigned_by=head
        )
        PokjaAssignmentMember.objects.create(assignment=assignment, user=pokja)
        Review.objects.create(package=package, round=1, outcome=Review.Outcome.COMPLETE, reviewed_by=pokja)
        data["procurement_print_package"] = package
    return {"pk": data["procurement_print_package"].pk}


SEES_PRINT = {**ANON, "ukpbj_head": 200, "ppk": 200, "pokja": 200, "outsider": 404}


def _assisted_package(data):
    """A planning package whose PPK asked for assistance and whose Jabfung the Kepala UKPBJ appointed, with its Surat
    Tugas number kept."""
    if "procurement_assisted_package" not in data:
        from django.utils import timezone

        from sopan.procurement.models import Assistance, PackageLetter
        from sopan.procurement.tests.factories import make_package, person

        organization = data["organization"]
        ppk, head = person(organization, "ppk"), person(organization, "kepala.ukpbj")
        package = make_package(organization, kd_rup="77000094", commitment_officer=ppk)
        today = timezone.localdate()
        letter = PackageLetter.objects.create(
            package=package, kind=PackageLetter.Kind.ASSISTANCE, key="1", number=f"1/ST-PBJ/UKPBJ/{today.year}",
            value=1, dated_on=today,
        )  # fmt: skip
        Assistance.objects.create(
            organization=organization, package=package, stage=Assistance.Stage.PLANNING,
            status=Assistance.Status.ASSIGNED, request_text="Asistensi", requested_by=ppk,
            jabfung=person(organization, "jabfung.ppbj"), assigned_by=head, assigned_at=timezone.now(), letter=letter,
        )  # fmt: skip
        data["procurement_assisted_package"] = package
    return {"pk": data["procurement_assisted_package"].pk}


ROUTES += [
    Route("procurement:print-request", default=403, kwargs=_reviewed_package, expect=SEES_PRINT),
    Route("procurement:print-review", default=403, kwargs=lambda data: {**_reviewed_package(data), "round": 1},
          expect=SEES_PRINT),
    # the Kepala UKPBJ's letters: who sees the package without the capability gets 403
    Route("procurement:print-pokja-decree", default=403, kwargs=_reviewed_package,
          expect={**ANON, "ukpbj_head": 200, "outsider": 404}),
    # the Surat Tugas of the one Jabfung appointed to the package (written directly, as above)
    Route("procurement:print-assistance", default=403, kwargs=_assisted_package,
          expect={**ANON, "ukpbj_head": 200, "pokja": 404, "outsider": 404}),
]  # fmt: skip

# --- the SPSE import (issue 17 §1): an empty upload is refused as incomplete (400) for who may import; the page
# itself is tested in test_spse_import.
ROUTES += [
    Route("procurement:spse-import", default=403, method="post", expect={**ANON, "ukpbj_head": 400}),
]

# --- the availability analysis (issue 17 §4; test_availability checks the page and the report) ------------------
# Who analyses (the Kepala UKPBJ) or reads (the DPUPR PPK) gets the page; a Pokja member not in the package and the
# outsider 404; everyone else 403. The report of a concluded analysis (written directly: the matrix binds no SOP), asked
# by its round (`?putaran=1`, the link the page gives; without it, the current round's, as test_availability checks).


def _analysed_package(data):
    if "procurement_availability_package" not in data:
        from sopan.procurement.models import AvailabilityAnalysis
        from sopan.procurement.tests.factories import make_package, person

        organization = data["organization"]
        package = make_package(organization, kd_rup="77000092")
        AvailabilityAnalysis.objects.create(
            organization=organization, package=package, kbli=["41011"], qualification="small", province="33",
            status=AvailabilityAnalysis.Status.SHORT, analysed_by=person(organization, "kepala.ukpbj"),
        )  # fmt: skip
        data["procurement_availability_package"] = package
    return {"pk": data["procurement_availability_package"].pk}


READS_AVAILABILITY = {**ANON, "ukpbj_head": 200, "ppk": 200, "pokja": 404, "outsider": 404}
ROUTES += [
    Route("procurement:availability", default=403, kwargs=_package, expect=READS_AVAILABILITY),
    Route(
        "procurement:print-availability",
        default=403,
        kwargs=_analysed_package,
        expect=READS_AVAILABILITY,
        query="?putaran=1",
    ),
]

# --- the assistance of a package (issue 17 §2; test_assistance checks the services and the section) --------------
# An empty form is refused as incomplete (400) for who may act: the PPK requests, the Kepala UKPBJ appoints; who sees
# the package without acting gets 403; a Pokja member not in the package and the outsider 404. The assistance is
# written directly (the matrix binds no SOP).


def _assistance(data):
    if "procurement_assistance" not in data:
        from sopan.procurement.models import Assistance
        from sopan.procurement.tests.factories import make_package, person

        organization = data["organization"]
        package = make_package(organization, kd_rup="77000093")
        data["procurement_assistance"] = Assistance.objects.create(
            organization=organization, package=package, stage="planning", request_text="Mohon asistensi",
            requested_by=person(organization, "ppk"),
        )  # fmt: skip
    assistance = data["procurement_assistance"]
    return {"pk": assistance.package_id, "aid": assistance.pk, "action": "appoint"}


ROUTES += [
    Route("procurement:assistance-request", default=403, kwargs=_package, method="post",
          expect={**ANON, "ppk": 400, "pokja": 404, "outsider": 404}),
    Route("procurement:assistance-action", default=403, kwargs=_assistance, method="post",
          expect={**ANON, "ukpbj_head": 400, "pokja": 404, "outsider": 404}),
]  # fmt: skip
