"""Fixtures for a load run, made in-process on the dataset's database (DJANGO_SETTINGS_MODULE=benchmarks.load.settings,
DATABASE_URL of the dataset): for a few organisations, the logged-in sessions of their staff, pools of ids and
numbers to request, fresh signup links and open steps to use up, and each scenario's SQL as the view runs it.

    python -m benchmarks.load.prepare --orgs 4 --out var/bench/fixtures.json
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import random
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POOL = 400  # ids per organisation and pool: enough that requests do not hit one row's cache
SEED = 20261203


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.load.settings")
    import django

    django.setup()


# --- sessions ------------------------------------------------------------------------------------------------------
def session_cookie(user) -> str:
    """A Django session of `user` as it is after passing 2FA, saved where the server reads sessions."""
    from django.test import Client

    from sopan.core.testing import login

    client = Client()
    login(client, user)
    from django.conf import settings

    return client.cookies[settings.SESSION_COOKIE_NAME].value


def staff_of(organization) -> dict:
    """The persona → user of an organisation: the first active holder of each role."""
    from sopan.accounts.models import RoleAssignment

    wanted = {
        "agent": "helpdesk_agent",
        "verifier": "verifier",
        "head": "lpse_head",
        "ukpbj": "ukpbj_head",
        "pokja": "selection_group_member",
        "ppk": "commitment_officer",
    }
    people = {}
    for persona, role in wanted.items():
        assignment = (
            RoleAssignment.objects.active()
            .filter(user__organization=organization, user__is_active=True, role=role)
            .select_related("user")
            .order_by("user_id")
            .first()
        )
        if assignment is None:
            raise SystemExit(f"{organization.slug}: nobody holds the role {role}; generate the data first")
        people[persona] = assignment.user
    return people


# --- pools ---------------------------------------------------------------------------------------------------------
def _sample(queryset, n: int, rng: random.Random) -> list:
    """Up to n primary keys spread over the whole table: random keys between its smallest and largest, kept where
    a row exists (no ORDER BY random() over millions of rows)."""
    from django.db.models import Max, Min

    bounds = queryset.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return []
    picked: set[int] = set()
    for _attempt in range(8):
        guesses = {rng.randint(bounds["lo"], bounds["hi"]) for _ in range(n * 4)}
        picked.update(queryset.filter(pk__in=guesses).values_list("pk", flat=True))
        if len(picked) >= n:
            break
    ids = sorted(picked)
    rng.shuffle(ids)
    return ids[:n]


def ticket_pools(organization, rng) -> dict:
    from sopan.helpdesk.models import Contact, Ticket

    tickets = Ticket.objects.filter(organization=organization)
    ids = _sample(tickets, POOL, rng)
    rows = list(tickets.filter(pk__in=ids).values("pk", "number", "reporter_email", "reporter_institution", "subject"))
    rows += list(
        tickets.filter(status__in=Ticket.OPEN_STATUSES)
        .order_by("-pk")
        .values("pk", "number", "reporter_email", "reporter_institution", "subject")[: POOL // 4]
    )
    rows = list({row["pk"]: row for row in rows}.values())
    words = [w for row in rows for w in row["subject"].split() if len(w) > 5]
    search = (
        [["number", row["number"]] for row in rows[:100]]
        + [["company", row["reporter_institution"]] for row in rows[:100] if row["reporter_institution"]]
        + [["text", w] for w in words[:100]]
    )
    with_mail = [row for row in rows if row["reporter_email"]]
    tokens = list(tickets.filter(pk__in=[row["pk"] for row in with_mail]).values_list("public_token", flat=True))
    phones = list(
        Contact.objects.filter(organization=organization).exclude(phone="").values_list("phone", flat=True)[:POOL]
    )
    return {
        "tickets": [row["pk"] for row in rows],
        "search": search,
        "tracking": [[row["number"], row["reporter_email"]] for row in with_mail],
        "public_tokens": tokens,
        "phones": phones or ["081234567890"],
    }


def package_pools(organization, rng) -> dict:
    """Packages with a history (a Pokja appointed, so the page shows its timeline), and the filters of the list
    (agency, status, fiscal year) that find some of the organisation's packages."""
    from django.db.models import Count

    from sopan.procurement.models import Package

    packages = Package.objects.filter(organization=organization)
    with_history = packages.filter(pokja_assignments__is_active=True)
    combinations = (
        packages.order_by().values_list("agency_id", "status", "fiscal_year").annotate(n=Count("id")).filter(n__gte=5)
    )
    return {
        "packages": _sample(with_history, POOL, rng),
        "package_filters": [[agency, status, year] for agency, status, year, _n in combinations],
    }


def contract_pools(organization, rng) -> dict:
    """Vendor performance's contracts (sopan/performance/bench.py), assessed or awaiting, spread over the table."""
    from sopan.performance.models import Contract

    return {"contracts": _sample(Contract.objects.filter(organization=organization), POOL, rng)}


def registration_pool(organization, rng) -> list[int]:
    from sopan.vendors.models import Registration

    working = Registration.objects.filter(organization=organization, status__in=_verifier_statuses())
    return _sample(working, POOL, rng)


def _verifier_statuses() -> list[str]:
    from sopan.vendors.models import Registration

    names = ("RECEIVED", "IN_REVIEW", "COMPLETION_REQUESTED", "APPROVED")
    return [getattr(Registration.Status, n) for n in names if hasattr(Registration.Status, n)]


def signup_pool(organization, n: int, rng) -> list:
    """n fresh signup links (as the confirmation mail would carry) with an online form each, all different."""
    from django.utils import timezone

    from sopan.vendors.models import EmailConfirmation

    now = timezone.now()
    rows, pool = [], []
    for i in range(n):
        serial = rng.randrange(10**6)
        token = secrets.token_urlsafe(24)
        email = f"bench{serial}.{i}@usaha-bench.co.id"
        rows.append(
            EmailConfirmation(
                organization=organization,
                email=email,
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                created_at=now,
                expires_at=now + datetime.timedelta(hours=23),
            )
        )
        pool.append([token, vendor_form(serial, i, email)])
    EmailConfirmation.objects.bulk_create(rows, batch_size=1000)
    return pool


def vendor_form(serial: int, i: int, email: str) -> dict:
    from benchmarks.load.identities import nik, npwp

    return {
        "name": f"CV Bench Usaha {serial}-{i}",
        "legal_form": "cv",
        "npwp": npwp(serial * 100 + i % 100),
        "nib": f"9120{serial:06d}{i % 1000:03d}",
        "kbli": "41011, 43211",
        "address": "Jl. Diponegoro No. 10",
        "province": "33",
        "regency": "Kota Salatiga",
        "postal_code": "50711",
        "phone": "0298321000",
        "email": email,
        "admin_name": "Slamet Riyadi",
        "admin_nik": nik(serial + i),
        "admin_position": "Direktur",
        "admin_phone": "081234567890",
        "username": f"bench{serial}x{i}",
        "password": "Rahasia-Sekali-2026!",
        "password_again": "Rahasia-Sekali-2026!",
    }


def step_pool(organization, people: dict, n: int, candidates=None) -> list:
    """Open steps with someone of the organisation who may complete them — the step's assignee, else a holder of
    one of its roles (their session is added to `people` as `user:<id>`) — and the form a person would send: the
    first exit of a decision, every requirement at hand, a justification (needed when late)."""
    from sopan.accounts.models import RoleAssignment, User
    from sopan.sop import policies
    from sopan.sop.forms import StepCompleteForm
    from sopan.sop.models import StepRecord

    holders: dict[str, int] = {}
    for role, user_id in (
        RoleAssignment.objects.active()
        .filter(user__organization=organization, user__is_active=True)
        .order_by("user_id")
        .values_list("role", "user_id")
    ):
        holders.setdefault(role, user_id)
    users: dict[int, object] = {}
    pool = []
    cases: set[int] = set()  # one step per case: completing one may end the case's other open steps
    if candidates is None:
        candidates = StepRecord.objects.filter(organization=organization, status=StepRecord.Status.OPEN)
    candidates = candidates.select_related("case__version").order_by("pk")
    for record in candidates.iterator(chunk_size=2000):
        if len(pool) >= n:
            break
        if record.case_id in cases:
            continue
        user_id = record.assignee_id or next((holders[r] for r in record.role_codes if r in holders), None)
        if user_id is None:
            continue
        if user_id not in users:
            users[user_id] = User.objects.get(pk=user_id)
        # what the view checks: the case is theirs to see (a vendor's own step is their case's only), and the step
        if not (
            policies.can_view_case(users[user_id], record.case) and policies.can_complete_step(users[user_id], record)
        ):
            continue
        step = record.case.version.parsed.step(record.step_key)
        prefix = f"step{record.pk}"
        form = StepCompleteForm(step=step, prefix=prefix)
        data = {f"{prefix}-note": "", f"{prefix}-justification": "Beban kerja tinggi pada hari itu."}
        if "exit_label" in form.fields:
            data[f"{prefix}-exit_label"] = form.fields["exit_label"].choices[0][0]
        if "checklist" in form.fields:
            data[f"{prefix}-checklist"] = [c[0] for c in form.fields["checklist"].choices]
        pool.append([record.pk, data, f"user:{user_id}"])
        cases.add(record.case_id)
    return pool, users


def started_pool(organization, n: int) -> tuple[list, dict]:
    """Open steps of cases started for the load, when the organisations' own do not last the run (at kota, one
    organisation's last seconds): `n` cases of the first SOP in force whose start step someone of the organisation
    may complete, started through the engine as a person would start them."""
    from sopan.sop.models import SopVersion, StepRecord
    from sopan.sop.services import cases

    def open_steps(case_ids):
        return StepRecord.objects.filter(case_id__in=case_ids, status=StepRecord.Status.OPEN)

    for version in SopVersion.objects.filter(organization=organization, status=SopVersion.Status.EFFECTIVE):
        first = cases.case_start(version=version, title="Uji beban 1", by=None)
        if not step_pool(organization, {}, 1, open_steps([first.pk]))[0]:
            continue
        started = [first.pk]
        started += [cases.case_start(version=version, title=f"Uji beban {i}", by=None).pk for i in range(2, n + 1)]
        return step_pool(organization, {}, n, open_steps(started))
    return [], {}


def last_quarter() -> list[str]:
    today = datetime.date.today()
    start_month = 3 * ((today.month - 1) // 3) + 1
    end = datetime.date(today.year, start_month, 1) - datetime.timedelta(days=1)
    start = datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    return [start.isoformat(), end.isoformat()]


# --- the whole fixture -------------------------------------------------------------------------------------------
def prepare(*, orgs: int, signups: int, steps: int) -> dict:
    from django.middleware.csrf import _get_new_csrf_string

    from sopan.accounts.models import Organization

    rng = random.Random(SEED)
    organizations = list(Organization.objects.order_by("pk")[:orgs])
    from django.conf import settings

    fixtures = {
        "orgs": [],
        "lenders": [],
        "csrf": _get_new_csrf_string(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
    }
    found = 0
    from benchmarks.load.scenarios import module_preparations

    preparations = module_preparations()
    for organization in organizations:
        for module_prepare in preparations:
            module_prepare(organization)
        people = staff_of(organization)
        steps_of_org, completers = step_pool(organization, people, steps - found)
        found += len(steps_of_org)
        sessions = {persona: session_cookie(user) for persona, user in people.items()}
        sessions.update({f"user:{pk}": session_cookie(user) for pk, user in completers.items()})
        org = {
            "slug": organization.slug,
            "sessions": sessions,
            "quarter": last_quarter(),
            "registrations": registration_pool(organization, rng),
            "signup": signup_pool(organization, signups, rng),
            "steps": steps_of_org,
            **ticket_pools(organization, rng),
            **package_pools(organization, rng),
            **contract_pools(organization, rng),
        }
        fixtures["orgs"].append(org)
    # An organisation has a few dozen steps one person can complete one per case; a minute of completions takes
    # thousands. The organisations after the chosen ones lend theirs ("lenders": their steps and the sessions of
    # those who complete them, nothing else), taken up by the load once the chosen ones' are used up.
    for organization in Organization.objects.order_by("pk")[orgs:].iterator():
        if found >= steps:
            break
        steps_of_org, completers = step_pool(organization, {}, steps - found)
        if steps_of_org:
            found += len(steps_of_org)
            fixtures["lenders"].append(
                {
                    "slug": organization.slug,
                    "sessions": {f"user:{pk}": session_cookie(user) for pk, user in completers.items()},
                    "steps": steps_of_org,
                }
            )
    if found < steps and fixtures["orgs"]:
        org = fixtures["orgs"][0]
        more, completers = started_pool(organizations[0], steps - found)
        org["steps"] += more
        org["sessions"].update({f"user:{pk}": session_cookie(user) for pk, user in completers.items()})
        fixtures["started_steps"] = len(more)
    return fixtures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orgs", type=int, default=4)
    parser.add_argument("--signups", type=int, default=3000, help="signup links per organisation")
    parser.add_argument("--steps", type=int, default=3000, help="open steps in all (lent by further organisations)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    setup_django()
    fixtures = prepare(orgs=args.orgs, signups=args.signups, steps=args.steps)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(fixtures))
    for org in fixtures["orgs"]:
        sizes = {k: len(v) for k, v in org.items() if isinstance(v, list) and k != "quarter"}
        print(f"{org['slug']}: {sizes}")
    if fixtures["lenders"]:
        lent = sum(len(org["steps"]) for org in fixtures["lenders"])
        print(f"{len(fixtures['lenders'])} more organisations lend {lent} open steps")
    if fixtures.get("started_steps"):
        print(f"{fixtures['started_steps']} open steps of cases started for the load")


if __name__ == "__main__":
    main()
