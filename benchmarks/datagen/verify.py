"""Check a generated database with the project's own code, and print the findings as JSON:

    python -m benchmarks.datagen.verify --database sopan_bench_kota

- row counts of the main tables;
- identifiers that the project's validators refuse (a sample of NIKs, NPWPs, NIBs);
- due times and SLA targets that differ from what the real calendar computes (a sample);
- what staff of the first organisation see: the helpdesk agent's tickets, "Tugas saya", the verifier's queue;
- whether a staff member can log in with the shared password and has a TOTP device;
- vendor performance and coaching: one contract per handed-over package, each assessment's total and band as
  `sopan.performance.rules` computes them, and what the Kepala UKPBJ's pages list;
- the packages' SOP cases: the procedures and case states each package's status implies, one review step per review
  round and one correction per resubmission, the Pokja's decree step by whoever made the decree when it was made, and
  a sample of package pages' flowcharts as `sop.api.progress_of` reads them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _identifiers(sample: int) -> dict:
    from django.core.exceptions import ValidationError

    from sopan.vendors import identifiers
    from sopan.vendors.models import Company

    bad: dict[str, list[str]] = {"nik": [], "npwp": [], "nib": []}
    rows = Company.objects.exclude(admin_nik="").order_by("?").values_list("admin_nik", "npwp", "nib")[:sample]
    for nik, npwp, nib in rows:
        for kind, value, check in (
            ("nik", nik, identifiers.validate_nik),
            ("npwp", npwp, identifiers.validate_npwp),
            ("nib", nib, identifiers.validate_nib),
        ):
            if kind == "nib" and not value:
                continue
            try:
                check(value)
            except ValidationError:
                bad[kind].append(value)
    return {"checked": len(rows), "refused": bad}


def _clocks(sample: int) -> dict:
    from sopan.core.calendar import end_of_minute
    from sopan.core.selectors import calendar_for
    from sopan.helpdesk import sla
    from sopan.helpdesk.defaults import settings_for
    from sopan.helpdesk.models import Ticket
    from sopan.sop.models import StepRecord

    wrong_due = []
    records = StepRecord.objects.exclude(due_at=None).select_related("case__version", "organization").order_by("?")
    for record in records[:sample]:
        step = record.case.version.parsed.step(record.step_key)
        due = step.time.due(calendar_for(record.organization), record.opened_at)
        if (None if due is None else end_of_minute(due)) != record.due_at:  # as sop.services.cases._due
            wrong_due.append(record.pk)
    wrong_sla = []
    tickets = Ticket.objects.filter(paused_total="0").select_related("priority", "organization").order_by("?")
    for ticket in tickets[:sample]:
        stored = (ticket.response_due_at, ticket.resolution_due_at, ticket.at_risk_at)
        sla.targets(
            ticket,
            ticket.priority,
            calendar_for(ticket.organization),
            settings_for(ticket.organization).at_risk_percent,
        )
        if stored != (ticket.response_due_at, ticket.resolution_due_at, ticket.at_risk_at):
            wrong_sla.append(ticket.pk)
    return {"steps_checked": min(sample, records.count()), "wrong_due": wrong_due, "wrong_sla": wrong_sla}


def _staff_views() -> dict:
    from django.contrib.auth import authenticate
    from django.test import RequestFactory
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from benchmarks.datagen.setup import PASSWORD
    from sopan.accounts.models import Organization, User
    from sopan.helpdesk.tickets.selectors import ticket_list_for
    from sopan.sop.selectors import my_tasks_for
    from sopan.vendors.selectors import verifier_queue_for

    found = {}
    for organization in Organization.objects.order_by("pk")[:2]:
        agent = User.objects.get(username=f"{organization.slug}.helpdesk")
        verifier = User.objects.get(username=f"{organization.slug}.verifikator")
        request = RequestFactory().post("/masuk/")
        found[organization.slug] = {
            "agent_tickets": len(ticket_list_for(agent).items),
            "agent_open_tickets_mine": len(ticket_list_for(agent, status="open", scope="mine").items),
            "agent_my_tasks": len(my_tasks_for(agent)),
            "verifier_my_tasks": len(my_tasks_for(verifier)),
            "verifier_queue": len(verifier_queue_for(verifier).items),
            "head_login": authenticate(request, username=f"{organization.slug}.kepala.lpse", password=PASSWORD)
            is not None,
            "staff_without_totp": User.objects.filter(organization=organization, role_assignments__isnull=False)
            .exclude(registration__isnull=False)
            .exclude(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user_id"))
            .count(),
        }
    return found


def _performance() -> dict:
    """The performance phase's rows against the rules and the procurement rows they come from."""
    from django.db.models import Count, Q

    from sopan.accounts.models import Organization, User
    from sopan.coaching.models import Invitation, Programme
    from sopan.coaching.selectors import programme_list_for
    from sopan.performance import rules, selectors
    from sopan.performance.models import Assessment, Band, Contract
    from sopan.procurement.models import Package

    # the packages the hook gives a contract: handed over, not self-managed (no provider)
    handed_over = Package.objects.filter(status=Package.Status.HANDED_OVER).exclude(method="self_managed")
    wrong = []
    for a in Assessment.objects.select_related("contract").iterator(chunk_size=2000):
        scheme = rules.scheme_on(a.contract.ended_on)
        if a.stars is not None:
            total, band = None, scheme.stars[a.stars]
        else:
            total = scheme.total_of(a.scores)
            band = scheme.band_of(total)
        if a.contract.ending == Contract.Ending.TERMINATION:
            band = Band.POOR
        facts = (a.total, a.band, a.scheme_effective, a.company_id)
        if facts != (total, band, scheme.effective, a.contract.company_id) or a.assessed_on < a.contract.ended_on:
            wrong.append(a.pk)
    head = User.objects.get(username=f"{Organization.objects.order_by('pk').first().slug}.kepala.ukpbj")
    return {
        "handed_over": handed_over.count(),
        "contracts": Contract.objects.count(),
        "contracts_of_packages": Contract.objects.filter(package__isnull=False).count(),
        "handed_over_without_contract": handed_over.filter(performance_contract__isnull=True).count(),
        "contracts_of_other_packages": Contract.objects.filter(package__isnull=False)
        .exclude(package__in=handed_over)
        .count(),
        "terminations": Contract.objects.filter(ending=Contract.Ending.TERMINATION, package__isnull=True).count(),
        "terminations_not_poor": Contract.objects.filter(ending=Contract.Ending.TERMINATION)
        .exclude(assessment__band=Band.POOR)
        .count(),
        "assessments": Assessment.objects.count(),
        "status_wrong": Contract.objects.filter(
            Q(status=Contract.Status.ASSESSED, assessment__isnull=True)
            | Q(status=Contract.Status.AWAITING, assessment__isnull=False)
        ).count(),
        "wrong_totals_or_bands": wrong,
        "bands": dict(Assessment.objects.order_by().values_list("band").annotate(n=Count("id"))),
        "programmes": Programme.objects.count(),
        "invitations": Invitation.objects.count(),
        "head_contracts": len(selectors.contract_list_for(head).items),
        "head_overdue": len(selectors.overdue_list_for(head)),
        "head_report_agencies": len(selectors.agency_report_for(head, selectors.report_years()[0])),
        "head_programmes": len(programme_list_for(head).items),
    }


# The package's status → the states of its SOP cases it implies (procedure → case status; "?" either or none).
_EXPECTED_CASES = {
    "planning": {},
    "preparation": {"procurement_preparation": "open"},
    "selection_preparation": {"procurement_preparation": "?", "procurement_selection_preparation": "?"},
    "selection": {"procurement_preparation": "completed", "procurement_selection_preparation": "completed",
                  "procurement_main": "?"},
    "contract": {"procurement_preparation": "completed", "procurement_selection_preparation": "completed",
                 "procurement_main": "open"},
    "handed_over": {"procurement_preparation": "completed", "procurement_selection_preparation": "completed",
                    "procurement_main": "completed"},
}  # fmt: skip


def _packages(sample: int) -> dict:
    from collections import defaultdict

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count, Q

    from sopan.procurement.models import Package, PokjaAssignment, Review, SelectionRequest
    from sopan.sop import api as sop_api
    from sopan.sop.models import Case, StepRecord

    package_type = ContentType.objects.get_for_model(Package)
    cases: dict[str, dict[str, str]] = defaultdict(dict)
    for subject, procedure, status in Case.objects.filter(subject_type=package_type).values_list(
        "subject_id", "procedure", "status"
    ):
        cases[subject][procedure] = status
    requested = set(SelectionRequest.objects.values_list("package_id", flat=True))
    wrong = []
    for pk, status in Package.objects.values_list("pk", "status"):
        found = cases.get(str(pk), {})
        if status == "cancelled":
            ok = "open" not in found.values()
        else:
            expected = dict(_EXPECTED_CASES[status])
            if status == "selection_preparation":  # the request ends the preparation and opens the selection's
                expected = (
                    {"procurement_preparation": "completed", "procurement_selection_preparation": "open"}
                    if pk in requested
                    else {"procurement_preparation": "open"}
                )
            ok = set(found) <= set(expected) and all(
                found.get(procedure) == state for procedure, state in expected.items() if state != "?"
            )
        if not ok:
            wrong.append((pk, status, found))
    # one review step per review round, one correction per resubmission (Persiapan Pemilihan 4 and 5)
    steps = (
        StepRecord.objects.filter(case__subject_type=package_type, status=StepRecord.Status.DONE)
        .values("case__subject_id")
        .annotate(
            reviews=Count("pk", filter=Q(step_key="reviu-dokumen-persiapan")),
            corrections=Count("pk", filter=Q(step_key="perbaiki-dokumen-persiapan")),
        )
    )
    made = {row["case__subject_id"]: (row["reviews"], row["corrections"]) for row in steps}
    rounds = Review.objects.values("package_id").annotate(
        rounds=Count("pk"), resubmitted=Count("pk", filter=Q(resubmitted_at__isnull=False))
    )
    reviews_wrong = [
        row["package_id"]
        for row in rounds
        if made.get(str(row["package_id"]), (0, 0)) != (row["rounds"], row["resubmitted"])
    ]
    reviews_wrong += [pk for pk, (n, _c) in made.items() if n and not Review.objects.filter(package_id=pk).exists()]
    # the decree step: by whoever made the decree, when it was made
    decrees = {
        str(package): (by, at)
        for package, by, at in PokjaAssignment.objects.values_list("package_id", "assigned_by_id", "created_at")
    }
    decree_steps = StepRecord.objects.filter(case__subject_type=package_type, step_key="tetapkan-pokja-pemilihan",
                                             status=StepRecord.Status.DONE)  # fmt: skip
    decree_wrong = [
        subject
        for subject, by, at in decree_steps.values_list("case__subject_id", "completed_by_id", "completed_at")
        if subject not in decrees or decrees[subject][0] != by or abs((decrees[subject][1] - at).total_seconds()) >= 1
    ]
    shown = []
    for package in Package.objects.filter(status="handed_over").order_by("pk")[: max(sample // 20, 3)]:
        progress = sop_api.progress_of(package)
        shown.append([(item.procedure, len(item.done), item.case.status) for item in progress])
    return {
        "packages": len(set(Package.objects.values_list("pk", flat=True))),
        "with_cases": len(cases),
        "cases_wrong": wrong[:20],
        "cases_wrong_count": len(wrong),
        "review_steps_checked": len(made),
        "review_steps_wrong": reviews_wrong[:20],
        "decree_steps_checked": decree_steps.count(),
        "decree_steps_wrong": decree_wrong[:20],
        "handed_over_progress": shown,
    }


def counts() -> dict:
    from sopan.accounts.models import Organization, User
    from sopan.helpdesk.models import Message, Ticket
    from sopan.sop.models import Case, StepRecord
    from sopan.vendors.models import Company, Registration

    return {
        model._meta.db_table: model.objects.count()
        for model in (Organization, User, Company, Registration, Ticket, Message, Case, StepRecord)
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.datagen.verify")
    parser.add_argument("--database", required=True)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from benchmarks.datagen.database import check_name

    check_name(args.database)
    os.environ["DATABASE_URL"] = f"{args.server.rstrip('/')}/{args.database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    import django

    django.setup()
    result = {
        "counts": counts(),
        "identifiers": _identifiers(args.sample),
        "clocks": _clocks(args.sample),
        "staff": _staff_views(),
        "performance": _performance(),
        "packages": _packages(args.sample),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
