"""The load scenarios (issue 6 §2), as data shared by the load generator and the preparation.

Plain Python, no Django: the load generator (locust, in its own virtualenv) imports this module too. Each scenario
turns one organisation's fixtures (made by `prepare.py`: session cookies, ids, tokens) into one HTTP request.

`kind` decides the budget the scenario is held to (§4): `page` (lists, queues, inboxes, searches and the other pages:
p50 ≤ 50 ms, p95 ≤ 200 ms), `json` (endpoints answered to scripts and htmx: p95 ≤ 100 ms), `write` (a form sent;
measured and reported, held to the page budget too). `consumes` marks scenarios whose every request uses up one item
of its pool (a signup link, an open step): the pool is sized by `prepare.py`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    data: dict | None = None
    expect: tuple[int, ...] = (200,)
    must_contain: str = ""  # a text the answer must hold, or the request counts as an error
    persona: str = ""  # who sends it, when not the scenario's persona
    location: str = ""  # where a redirect must lead (its path starts so), or it counts as an error: a form sent
    # back to the login page or refused is a redirect too


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    kind: str  # page | json | write
    persona: str  # agent | verifier | head | ukpbj | pokja | ppk | public
    pool: str = ""  # the fixtures' list the request draws from
    consumes: bool = False
    build: object = field(default=None, repr=False)  # (org fixtures, item of the pool or None, rng) -> Request


def _ticket_list(org, item, rng):
    return Request("GET", "/helpdesk/", must_contain="ticket-scopes")  # the open tickets, as the desk starts


def _ticket_search(org, item, rng):
    # item: [kind, term] — a ticket number, a company name or a word of a subject
    return Request("GET", "/helpdesk/?status=&q=" + _quote(item[1]), must_contain="ticket-scopes")  # all statuses


def _ticket_detail(org, item, rng):
    return Request("GET", f"/helpdesk/tiket/{item}/", must_contain="HD-")


def _caller_lookup(org, item, rng):
    return Request("GET", "/helpdesk/telepon/cari/?phone=" + _quote(item))


def _ticket_create(org, item, rng):
    n = rng.randrange(10**9)
    data = {
        "name": "Budi Santoso",
        "email": f"pelapor{n}@majujaya.co.id",
        "phone": "0812 3456 7890",
        "institution": "CV Maju Jaya",
        "user_type": "vendor",
        "application": "spse",
        "tender_code": "",
        "error_code": "500 Internal Server Error",
        "subject": "Gagal unggah dokumen penawaran",
        "description": "Saat mengunggah dokumen penawaran muncul galat 500 berulang kali.",
    }
    path = f"/bantuan/{org['slug']}/lapor/"
    return Request("POST", path, data, expect=(302,), location=path + "terkirim/")


def _public_track(org, item, rng):
    number, email = item
    path = f"/bantuan/{org['slug']}/"
    return Request("POST", path + "lacak/", {"number": number, "email": email}, expect=(302,), location=path + "t/")


def _public_ticket(org, item, rng):
    return Request("GET", f"/bantuan/{org['slug']}/t/{item}/", must_contain="HD-")


def _queue(org, item, rng):
    return Request("GET", "/registrasi/antrean/")


def _workspace(org, item, rng):
    return Request("GET", f"/registrasi/{item}/")


def _registration_submit(org, item, rng):
    token, form = item
    return Request("POST", f"/daftar/formulir/{token}/", form, expect=(302,), location="/daftar/status/")


def _my_tasks(org, item, rng):
    return Request("GET", "/")


def _step_complete(org, item, rng):
    pk, form, persona = item
    return Request(
        "POST", f"/sop/kasus/langkah/{pk}/selesai/", form, expect=(302,), persona=persona, location="/sop/kasus/"
    )


def _compliance(org, item, rng):
    return Request("GET", f"/kepatuhan/?date_from={org['quarter'][0]}&date_to={org['quarter'][1]}")


# --- procurement (issue 17 §8): the Kepala UKPBJ sees all the organisation's packages, a Pokja member those of their
# Pokja, a PPK their agency's
def _package_list(org, item, rng):
    return Request("GET", "/pengadaan/", must_contain="package-next")  # the first page, with a next one


def _package_list_filtered(org, item, rng):
    agency, status, year = item
    return Request("GET", f"/pengadaan/?agency={agency}&status={status}&year={year}", must_contain="package-table")


def _package_detail(org, item, rng):
    return Request("GET", f"/pengadaan/{item}/", must_contain="timeline-pokja-")  # a package with its history


def _procurement_dashboard(org, item, rng):
    return Request("GET", "/pengadaan/dasbor/", must_contain="dashboard-workload")


def _floor(org, item, rng):
    return Request("GET", "/bench/floor/")


# --- django-helpdesk, the peer (benchmarks/peer/operations.md) ------------------------------------------------------
def _peer_rows(filtering: dict, term: str) -> str:
    import base64
    import json

    query = {**filtering, "sorting": "created", "search_string": term}
    encoded = base64.b64encode(json.dumps(query).encode()).decode()
    return f"/datatables_ticket_list/{encoded}?draw=1&start=0&length=25&search[value]=&search[regex]=false"


def _peer_list(org, item, rng):
    # What a browser does to show the first rows: the page, then its rows (the page alone has none).
    return [
        Request("GET", "/tickets/", must_contain='id="ticketTable"'),
        Request(
            "GET",
            _peer_rows({"filtering": {"status__in": [1, 2]}, "sortreverse": False}, ""),
            must_contain="recordsTotal",
        ),
    ]


def _peer_search(org, item, rng):
    term = str(item[1])
    return [
        Request("GET", "/tickets/?q=" + _quote(term), must_contain='id="ticketTable"'),
        Request(
            "GET",
            _peer_rows({"filtering": {}, "filtering_null": {}, "sortreverse": None}, term),
            must_contain="recordsTotal",
        ),
    ]


def _peer_detail(org, item, rng):
    return Request("GET", f"/tickets/{item}/", must_contain="Ticket Opened")


def _peer_create(org, item, rng):
    n = rng.randrange(10**9)
    data = {
        "queue": "1",
        "title": "Gagal unggah dokumen penawaran",
        "body": "Saat mengunggah dokumen penawaran muncul galat 500 berulang kali.",
        "priority": "3",
        "due_date": "",
        "submitter_email": f"pelapor{n}@majujaya.co.id",
        "assigned_to": "",
    }
    return Request("POST", "/tickets/submit/", data, expect=(302,), location="/tickets/")


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(str(text), safe="")


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "registration_submit", "Vendor registration submit", "write", "public", "signup", True, _registration_submit
    ),
    Scenario("verifier_queue", "Verifier queue", "page", "verifier", build=_queue),
    Scenario("verifier_workspace", "Verifier workspace", "page", "verifier", "registrations", build=_workspace),
    Scenario("ticket_create", "Ticket create (web)", "write", "public", build=_ticket_create),
    Scenario("ticket_list", "Ticket list for an agent", "page", "agent", build=_ticket_list),
    Scenario("ticket_search", "Ticket search (number, company, text)", "page", "agent", "search", build=_ticket_search),
    Scenario("ticket_detail", "Ticket detail", "page", "agent", "tickets", build=_ticket_detail),
    Scenario("caller_lookup", "Returning caller lookup (htmx)", "json", "agent", "phones", build=_caller_lookup),
    Scenario("my_tasks", '"Tugas saya" inbox', "page", "head", build=_my_tasks),
    Scenario("step_complete", "Completing an SOP step", "write", "head", "steps", True, _step_complete),
    Scenario(
        "compliance_report", "Compliance report, one organisation, one quarter", "page", "head", build=_compliance
    ),
    Scenario("package_list", "Package list, Kepala UKPBJ (all packages)", "page", "ukpbj", build=_package_list),
    Scenario(
        "package_list_filtered",
        "Package list, Kepala UKPBJ, agency + status + year",
        "page",
        "ukpbj",
        "package_filters",
        build=_package_list_filtered,
    ),
    Scenario("package_list_pokja", "Package list, a Pokja member", "page", "pokja", build=_package_list),
    Scenario("package_list_ppk", "Package list, a PPK (their agency)", "page", "ppk", build=_package_list),
    Scenario("package_detail", "Package page with its history", "page", "ukpbj", "packages", build=_package_detail),
    Scenario(
        "procurement_dashboard", "Procurement dashboard, Kepala UKPBJ", "page", "ukpbj", build=_procurement_dashboard
    ),
    Scenario(
        "public_track", "Public ticket tracking (number + e-mail)", "write", "public", "tracking", build=_public_track
    ),
    Scenario("public_ticket", "The reporter's ticket page", "page", "public", "public_tokens", build=_public_ticket),
)
FLOOR = Scenario("floor", "Floor: a bare Django view", "page", "public", build=_floor)
# The same view reached with a staff session: what every logged-in page pays before its own work (the session, the
# person with their organisation, their second factor and roles). Staff scenarios are held to this one.
FLOOR_STAFF = Scenario("floor_staff", "Floor: the same view, logged in", "page", "agent", build=_floor)
FLOORS = (FLOOR, FLOOR_STAFF)


def floor_of(scenario: Scenario) -> Scenario:
    """The floor a scenario's ratio is taken against: the anonymous one for the public, the logged-in one for staff."""
    return FLOOR if scenario.persona == "public" else FLOOR_STAFF


# The peer's operations, each beside the Sopan scenario it is compared with (report.PEER_PAIRS)
PEER = (
    Scenario("peer_list", "django-helpdesk: ticket list", "page", "agent", build=_peer_list),
    Scenario("peer_detail", "django-helpdesk: ticket detail", "page", "agent", "tickets", build=_peer_detail),
    Scenario("peer_create", "django-helpdesk: ticket create", "write", "agent", build=_peer_create),
    Scenario("peer_search", "django-helpdesk: search", "page", "agent", "search", build=_peer_search),
)


def module_scenarios(settings_module: str | None = None) -> tuple[Scenario, ...]:
    """The scenarios the installed modules bring in their own `bench.py` (`SCENARIOS`, docs/new-module.md §15), in
    INSTALLED_APPS order. Read from the settings module without setting Django up: the runner only orchestrates."""
    import os
    from importlib import import_module

    name = settings_module or os.environ.get("DJANGO_SETTINGS_MODULE") or "benchmarks.load.settings"
    found: list[Scenario] = []
    try:
        apps = import_module(name).INSTALLED_APPS
    except ImportError:
        # The load generator's own virtualenv (locust) has no Django to read the settings with: every package of
        # the project that has a bench.py (a scenario it has not is never asked of it, as the runner names it).
        import sys
        from pathlib import Path

        root = Path(__file__).resolve().parents[2]
        if str(root) not in sys.path:
            sys.path.insert(0, str(root))
        # a bench.py imports this module by its full name: the one being run here (locust's `scenarios`), not anew
        sys.modules.setdefault("benchmarks.load.scenarios", sys.modules[__name__])
        apps = sorted(f"sopan.{p.parent.name}" for p in (root / "sopan").glob("*/bench.py"))
    for bench in _bench_modules(apps):
        found.extend(bench.SCENARIOS)
    return tuple(found)


def _bench_modules(apps):
    """The `bench.py` modules of the packages of `apps`, in their order."""
    from importlib import import_module
    from importlib.util import find_spec

    for app in apps:
        package = app.split(".apps.")[0]  # "pkg.apps.PkgConfig" names the package "pkg"
        if find_spec(package) is not None and find_spec(f"{package}.bench") is not None:
            yield import_module(f"{package}.bench")


def module_preparations() -> list:
    """The `prepare(organization)` functions of the installed modules' `bench.py` that have one (docs/new-module.md
    §15): the data their scenarios need, made through the module's services for each organisation measured, where the
    data set has none (a module without a phase in benchmarks/datagen). Called with Django set up (prepare.py)."""
    from django.conf import settings

    return [bench.prepare for bench in _bench_modules(settings.INSTALLED_APPS) if hasattr(bench, "prepare")]


SCENARIOS = (*SCENARIOS, *module_scenarios())
BY_NAME = {s.name: s for s in (*SCENARIOS, *FLOORS, *PEER)}


def pick(scenario: Scenario, org: dict, rng: random.Random, state: dict) -> Request | list[Request] | None:
    """The next request of `scenario` for `org` (or the requests a person's one action takes, timed together); None
    when a consumed pool is used up."""
    item = None
    if scenario.pool:
        pool = org.get(scenario.pool, [])  # a lender (prepare.py) has only the pools it lends
        if scenario.consumes:
            index = state.setdefault((org["slug"], scenario.pool), 0)
            if index >= len(pool):
                return None
            state[(org["slug"], scenario.pool)] = index + 1
            item = pool[index]
        else:
            item = rng.choice(pool)
    return scenario.build(org, item, rng)
