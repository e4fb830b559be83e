"""Plan guards at national scale (PostgreSQL): the queries behind the benchmark scenarios reach the large tables through
an index, never by reading a whole table, once those tables hold a nation's rows.

The data: 60 organisations sharing one database (the scale-out tier, DESIGN.md §4). Salatiga, the personas' own
organisation, is a big one with a twentieth of every table. About 30,000 users, 25,000 companies, 30,000
registrations with 60,000 documents, 20,000 tickets with 40,000 messages, 40,000 SOP cases with 80,000 step records,
spread over three years. A few rows are made the way people make them (services, factories); the volume is
copied from them inside PostgreSQL (`INSERT … SELECT`, every column copied unless named), then ANALYZE'd, as the
planner would see a live database. It is built once for the module inside a transaction rolled back at its end.

Each test runs one scenario of the benchmarks (benchmarks/load/scenarios.py) through the web as its persona, captures
every statement the request sends, and asks PostgreSQL for the plan of each (EXPLAIN, not run): no `Seq Scan` node on
a large table. Statements on small tables (settings, priorities, roles, sessions) may scan them; that is what a
planner should do. Salatiga's share matters: a join from a few of its rows into a large table is planned as a full
scan and a hash once that table is small next to them, so the tables here are an order of magnitude larger than
what one organisation's screens read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sopan.accounts import demo
from sopan.accounts.models import Organization, User
from sopan.core.testing import login
from sopan.helpdesk.defaults import ensure_priority_table
from sopan.helpdesk.models import Contact, Message, Ticket
from sopan.sop import rollup
from sopan.sop.models import Case, SopVersion, StepRecord
from sopan.vendors.defaults import ensure_required_documents
from sopan.vendors.models import Company, Document, Registration, RequiredDocument

# The national data is built once for the module, its compliance aggregates rebuilt with it (`national`): comparing
# them with 80,000 records after every test cost eleven seconds a test.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db, pytest.mark.rollup_unchecked]

LARGE_TABLES = frozenset(
    {
        "helpdesk_ticket",
        "helpdesk_message",
        "sop_steprecord",
        "sop_case",
        "sop_stepday",
        "sop_stepvisit",
        "sop_stepduration",
        "vendors_registration",
        "vendors_company",
        "vendors_document",
        "accounts_user",
    }
)
OTHER_ORGANIZATIONS = 57
SALATIGA_SLOTS = 3  # of 60: a twentieth of every table
USERS = 30_000  # each with a registration; five in six of them a company's administrator
DOCUMENTS_PER_REGISTRATION = 2
CONTACTS = 8_000
TICKETS = 20_000
MESSAGES_PER_TICKET = 2
GENERIC_CASES = 10_000  # besides one case per registration
STEPS_PER_CASE = 2
YEARS = 3
EXPLAINED = ("SELECT", "UPDATE", "DELETE", "WITH")


# --- the plan walker ---------------------------------------------------------------------------------------------
def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def full_scans(statement: str) -> list[str]:
    """The large tables a statement's plan reads in full (EXPLAIN only: the statement is not run)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement)
        (document,) = cursor.fetchone()
    return [
        node["Relation Name"]
        for node in _nodes(document[0]["Plan"])
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in LARGE_TABLES
    ]


def indexes_used(statement: str) -> set[str]:
    """The indexes a statement's plan reads (EXPLAIN only)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement)
        (document,) = cursor.fetchone()
    return {node["Index Name"] for node in _nodes(document[0]["Plan"]) if "Index Name" in node}


def _plan_text(statement: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + statement)
        return "\n".join("      " + row[0] for row in cursor.fetchall())


def assert_no_full_scan(scenario: str, captured: CaptureQueriesContext) -> None:
    statements = [q["sql"] for q in captured.captured_queries]
    explained = [s for s in statements if s.lstrip().upper().startswith(EXPLAINED)]
    assert explained, f"{scenario}: no statement captured"
    problems = []
    for number, statement in enumerate(explained, start=1):
        for table in full_scans(statement):
            shown = statement if len(statement) <= 900 else f"{statement[:100]} … {statement[-800:]}"
            problems.append(
                f"{scenario}, statement {number} reads all of {table} (Seq Scan):\n    {shown}\n{_plan_text(statement)}"
            )
    assert not problems, "\n".join(problems)


def run(client, scenario: str, method: str, url: str, data=None, *, expect: int = 200):
    """Send one request, check its answer, and check the plan of every statement it sent."""
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == expect, f"{scenario}: {response.status_code}"
    assert_no_full_scan(scenario, captured)
    response.statements = [q["sql"] for q in captured.captured_queries]
    return response


def test_the_walker_finds_a_full_scan_of_a_large_table(national):
    # Given the national tables, when a statement can only read one of them whole (a leading wildcard, no index)
    scans = full_scans("SELECT id FROM helpdesk_message WHERE body LIKE '%sesuatu%'")
    # Then the walker names it: the guards below are able to fail
    assert scans == ["helpdesk_message"]
    # And the data is in place with the database's checks and triggers on again (foreign keys, the audit guard)
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"


# --- the national data -------------------------------------------------------------------------------------------
@dataclass
class National:
    salatiga: Organization


def _copies(model, prototype, source: str, params=None, **columns: str) -> None:
    """Insert one row of `model` for each row `s` of the SQL `source`, a copy of the row `prototype` (alias `p`)
    with `columns` set by SQL expressions. The columns not named are copied, so a field added later needs nothing here;
    one that must be unique fails loudly until it is named."""
    fields = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    unknown = set(columns) - set(fields)
    assert not unknown, f"{model.__name__} has no column {unknown}"
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in fields)
    values = ", ".join(columns.get(c, f'p."{c}"') for c in fields)
    statement = f'INSERT INTO "{table}" ({names}) SELECT {values} FROM "{table}" p, ({source}) s'
    with connection.cursor() as cursor:
        cursor.execute(f"{statement} WHERE p.id = {prototype.pk}", params)


def _spread(salatiga, others) -> str:
    """SQL: the organisation of row number `g`: Salatiga for SALATIGA_SLOTS in 60, the others in equal shares. By a
    hash of `g`, so that it does not go in step with the statuses (`g` modulo their number)."""
    slots = [salatiga.pk] * SALATIGA_SLOTS + [o.pk for o in others]
    return f"(ARRAY{slots})[1 + mod(hashint4(g)::bigint + 2147483648, {len(slots)})]"


def _when(n: str, total: int) -> str:
    """SQL: the moment of row `n` of `total`, spread over YEARS up to now."""
    return f"(%(start)s::timestamptz + ({n})::float / {total} * interval '{365 * YEARS} days')"


def _vendors(salatiga, organization_of: str, params: dict) -> None:
    from sopan.vendors.tests import factories

    registration = factories.submitted_registration(salatiga)
    user, company = registration.user, registration.company
    _copies(
        User,
        user,
        f"SELECT g, {organization_of} AS org FROM generate_series(1, {USERS}) g",
        params,
        organization_id="s.org",
        username="'penyedia-n' || s.g",
        email="'admin' || s.g || '@penyedia-n.co.id'",
        full_name="'Direktur ' || s.g",
    )
    users = "SELECT id, organization_id AS org, substr(username, 11)::int AS g FROM accounts_user"
    users += " WHERE username LIKE 'penyedia-n%%'"
    _copies(
        Company,
        company,
        f"{users} AND substr(username, 11)::int %% 6 <> 0",
        params,
        organization_id="s.org",
        admin_user_id="s.id",
        name="'CV Usaha Nusantara ' || s.g",
        npwp="lpad(s.g::text, 15, '0')",
        nib="'8' || lpad(s.g::text, 12, '0')",
        admin_nik="'3373' || lpad(s.g::text, 12, '0')",
        email="'admin' || s.g || '@penyedia-n.co.id'",
        status="CASE WHEN s.g %% 9 = 0 THEN 'registering' ELSE 'active' END",
    )
    statuses = ["approved"] * 40 + ["rejected", "expired", "submitted", "received", "in_verification"]
    status = f"(ARRAY{statuses})[1 + s.g %% {len(statuses)}]"
    _copies(
        Registration,
        registration,
        f"SELECT u.*, c.id AS company_id FROM ({users}) u LEFT JOIN vendors_company c ON c.admin_user_id = u.id",
        params,
        organization_id="s.org",
        user_id="s.id",
        company_id="s.company_id",
        applicant_kind="CASE WHEN s.company_id IS NULL THEN 'non_vendor' ELSE 'vendor' END",
        person_name="CASE WHEN s.company_id IS NULL THEN 'Pegawai ' || s.g ELSE '' END",
        person_nik="CASE WHEN s.company_id IS NULL THEN '3374' || lpad(s.g::text, 12, '0') ELSE '' END",
        number="'REG-N-' || lpad(s.g::text, 7, '0')",
        status=status,
        submitted_at=_when("s.g", USERS),
        received_at=f"CASE WHEN {status} = 'submitted' THEN NULL ELSE {_when('s.g', USERS)} + interval '3 days' END",
    )
    requirements = list(
        RequiredDocument.objects.filter(organization=salatiga, applicant_kind="vendor").values_list("pk", flat=True)
    )
    document = Document.objects.create(
        registration=registration,
        requirement_id=requirements[0],
        file="vendors/documents/n/prototype.pdf",
        name="prototype.pdf",
        content_type="application/pdf",
        size=100_000,
        sha256="0" * 64,
        uploaded_at=registration.submitted_at,
        uploaded_by=user,
    )
    _copies(
        Document,
        document,
        f"SELECT r.id, r.user_id, r.submitted_at, k FROM vendors_registration r, "
        f"generate_series(1, {DOCUMENTS_PER_REGISTRATION}) k WHERE r.number LIKE 'REG-N-%%'",
        params,
        registration_id="s.id",
        requirement_id=f"(ARRAY{requirements})[s.k]",
        uploaded_by_id="s.user_id",
        uploaded_at="s.submitted_at",
        file="'vendors/documents/n/' || s.id || '-' || s.k || '.pdf'",
        verdict="'matches'",
    )


def _helpdesk(salatiga, organization_of: str, params: dict, agent: User) -> None:
    from sopan.helpdesk.tests.factories import make_ticket

    ticket = make_ticket(salatiga)
    message = Message.objects.create(ticket=ticket, organization=salatiga, kind="from_reporter", body="Pesan")
    _copies(
        Contact,
        ticket.contact,
        f"SELECT g, {organization_of} AS org FROM generate_series(1, {CONTACTS}) g",
        params,
        organization_id="s.org",
        name="'Pelapor ' || s.g",
        email="'pelapor' || s.g || '@contoh-n.co.id'",
        phone="'0812' || lpad(s.g::text, 8, '0')",
        institution="'PT Pelapor ' || s.g %% 997",
    )
    contacts = "SELECT id, organization_id AS org, substr(name, 9)::int AS c FROM helpdesk_contact"
    contacts += " WHERE email LIKE '%%@contoh-n.co.id'"
    statuses = ["closed"] * 17 + ["recorded", "in_progress", "waiting"]
    status = f"(ARRAY{statuses})[1 + s.g %% {len(statuses)}]"
    received = _when("s.g", TICKETS)
    _copies(
        Ticket,
        ticket,
        f"SELECT g, c.* FROM generate_series(1, {TICKETS}) g JOIN ({contacts}) c ON c.c = 1 + g %% {CONTACTS}",
        {**params, "salatiga": salatiga.pk, "agent": agent.pk},
        organization_id="s.org",
        contact_id="s.id",
        number="'HD-2001-' || lpad(s.g::text, 6, '0')",  # a real ticket number's shape (tracking normalises it)
        public_token="md5('token' || s.g)",
        reporter_name="'Pelapor ' || s.c",
        reporter_email="'pelapor' || s.c || '@contoh-n.co.id'",
        reporter_institution="'PT Pelapor ' || s.c %% 997",
        subject="'Kendala unggah dokumen ' || s.g",
        status=status,
        assignee_id="CASE WHEN s.org = %(salatiga)s AND s.g %% 2 = 1 THEN %(agent)s END",
        received_at=received,
        response_due_at=f"{received} + interval '4 hours'",
        resolution_due_at=f"{received} + interval '2 days'",
        at_risk_at=f"{received} + interval '1 day'",
        closed_at=f"CASE WHEN {status} = 'closed' THEN {received} + interval '3 days' END",
    )
    _copies(
        Message,
        message,
        f"SELECT t.id, t.organization_id AS org, t.received_at, k FROM helpdesk_ticket t, "
        f"generate_series(1, {MESSAGES_PER_TICKET}) k WHERE t.number LIKE 'HD-2001-%%'",
        params,
        ticket_id="s.id",
        organization_id="s.org",
        kind="CASE WHEN s.k = 1 THEN 'from_reporter' ELSE 'to_reporter' END",
        body="'Pesan ' || s.k || ' tiket ' || s.id",
        created_at="s.received_at + s.k * interval '1 hour'",
    )


def _cases(salatiga, organization_of: str, params: dict) -> None:
    """A case for every registration (the queue reads the due time of its open step) and generic cases of the small
    SOP, two steps each: the last one open while the case is."""
    from sopan.sop.services import cases
    from sopan.sop.tests.factories import effective_version

    version = effective_version(salatiga)
    prototype = cases.case_start(version=version, title="Prototipe", by=None)
    step = prototype.steps.get()
    registration_ct = ContentType.objects.get_for_model(Registration)
    registration_version = SopVersion.objects.get(organization=salatiga, sop__key="rekrutmen-registrasi-penyedia")
    open_registration = "s.status IN ('submitted', 'received', 'in_verification')"
    _copies(
        Case,
        prototype,
        "SELECT id, organization_id AS org, status, submitted_at AS at, substr(number, 7)::int AS g"
        " FROM vendors_registration WHERE number LIKE 'REG-N-%%'",
        {**params, "ct": registration_ct.pk, "sop": registration_version.sop_id, "version": registration_version.pk},
        organization_id="s.org",
        sop_id="%(sop)s",
        version_id="%(version)s",
        procedure="'vendor_registration'",
        title="'Pendaftaran ' || s.g",
        subject_type_id="%(ct)s",
        subject_id="s.id::text",
        status=f"CASE WHEN {open_registration} THEN 'open' ELSE 'completed' END",
        started_at="s.at",
    )
    _copies(
        Case,
        prototype,
        f"SELECT g, {organization_of} AS org FROM generate_series(1, {GENERIC_CASES}) g",
        params,
        organization_id="s.org",
        title="'Kasus ' || s.g",
        status="CASE WHEN s.g %% 20 = 0 THEN 'open' ELSE 'completed' END",
        started_at=_when("s.g", GENERIC_CASES),
    )
    last_open = f"(s.status = 'open' AND s.k = {STEPS_PER_CASE})"
    opened = "s.started_at + s.k * interval '1 hour'"
    _copies(
        StepRecord,
        step,
        f"SELECT c.id, c.organization_id AS org, c.status, c.started_at, k FROM sop_case c, "
        f"generate_series(1, {STEPS_PER_CASE}) k WHERE c.id <> {prototype.pk}",
        params,
        case_id="s.id",
        organization_id="s.org",
        step_key="'langkah-' || s.k",
        step_number="s.k::text",
        label="'Langkah ' || s.k",
        roles="CASE WHEN s.k = 1 THEN '|registration_officer|vendor_admin|' ELSE '|verifier|' END",
        status=f"CASE WHEN {last_open} THEN 'open' ELSE 'done' END",
        opened_at=opened,
        due_at=f"{opened} + interval '8 hours'",
        completed_at=f"CASE WHEN {last_open} THEN NULL ELSE {opened} + interval '30 minutes' END",
        on_time=f"CASE WHEN {last_open} THEN NULL ELSE s.k <> 1 END",
        work_seconds=f"CASE WHEN {last_open} THEN NULL ELSE 1800 END",
        justification=f"CASE WHEN {last_open} OR s.k <> 1 THEN '' ELSE 'Antrean panjang' END",
    )


def _without_foreign_key_checks(on: bool) -> None:
    """Copies reference rows that exist by construction, and are rolled back: checking each of their foreign keys when
    a test ends (Django's TestCase checks the deferred constraints then) would take longer than the tests.
    Only a superuser may switch the checks off; for others the copies are checked, slowly."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        if cursor.fetchone()[0] == "on":
            cursor.execute(f"SET LOCAL session_replication_role = {'replica' if on else 'origin'}")


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """The national data, built once for the module and rolled back after it."""
    from sopan.vendors.tests.factories import bind_registration_sop

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            salatiga = demo.ensure_organization(is_demo=False)
            others = Organization.objects.bulk_create(
                Organization(name=f"Pemerintah Daerah Uji {n}", slug=f"uji-{n}") for n in range(OTHER_ORGANIZATIONS)
            )
            agent = _person(salatiga, "helpdesk")
            ensure_priority_table(salatiga)
            ensure_required_documents(salatiga)
            bind_registration_sop(salatiga)
            organization_of = _spread(salatiga, others)
            params = {"start": timezone.now() - datetime.timedelta(days=365 * YEARS)}
            _without_foreign_key_checks(True)
            _vendors(salatiga, organization_of, params)
            _helpdesk(salatiga, organization_of, params, agent)
            _cases(salatiga, organization_of, params)
            for organization in Organization.objects.all():  # the records were copied past the services
                rollup.rebuild(organization)
            _without_foreign_key_checks(False)
            with connection.cursor() as cursor:
                # What is still deferred is checked now, once: a check left to a test's end runs in its savepoint,
                # whose rollback puts it back, so every test would pay it again (seconds each).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                cursor.execute("ANALYZE")
            yield National(salatiga=salatiga)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- the scenarios -----------------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _public_pages(settings):
    settings.ANTIBOT_ENABLED = False  # the proof of work has its own tests; here only the reads matter


def _person(organization, username: str) -> User:
    spec = next(p for p in demo.PERSONAS if p.username == username)
    return demo.ensure_persona(organization, spec, with_totp=False)


def _as(client, national, username: str):
    login(client, _person(national.salatiga, username))
    return client


def test_a_vendor_submitting_the_online_form_reads_no_large_table_whole(client, national):
    from sopan.vendors.registration import services
    from sopan.vendors.registration.services.common import link_token_hash as _hash

    # Given the link mailed to a new applicant of Salatiga
    confirmation = services.signup_request(organization=national.salatiga, email="admin@majubaru.co.id")
    confirmation.token_hash = _hash("token-baru")
    confirmation.save(update_fields=["token_hash"])
    form = {
        "name": "CV Maju Baru",
        "legal_form": "cv",
        "npwp": "01.234.567.4-505.000",
        "nib": "9120100012345",
        "kbli": "41011",
        "address": "Jl. Diponegoro No. 10",
        "province": "33",
        "regency": "Kota Salatiga",
        "postal_code": "50711",
        "phone": "0298 321000",
        "email": "",
        "admin_name": "Slamet Riyadi",
        "admin_nik": "3373011708850007",
        "admin_position": "Direktur",
        "admin_phone": "0812 3456 7890",
        "username": "majubaru",
        "password": "Rahasia-Sekali-2026",
        "password_again": "Rahasia-Sekali-2026",
    }
    # When they submit the online form; then no statement reads a large table whole
    run(
        client,
        "vendor registration submit",
        "post",
        reverse("vendors:signup-form", args=["token-baru"]),
        form,
        expect=302,
    )


def test_the_verifiers_queue_reads_no_large_table_whole(client, national):
    # Given Salatiga's files waiting among the nation's; when the verifier opens the queue; then no full scan
    response = run(_as(client, national, "verifikator"), "verifier queue", "get", reverse("vendors:queue"))
    assert response.context["page"].items


def test_the_verifiers_workspace_reads_no_large_table_whole(client, national):
    from sopan.vendors.tests.factories import committed, received_registration

    # Given a file the front office received today
    with committed():
        registration = received_registration(national.salatiga, _person(national.salatiga, "petugas.registrasi"))
    # When the verifier opens it (its automatic findings look for duplicates); then no full scan
    response = run(
        _as(client, national, "verifikator"),
        "verifier workspace",
        "get",
        reverse("vendors:workspace", args=[registration.pk]),
    )
    # And the duplicates are looked up by each condition's index together (NIK, NPWP, NIB, e-mail whatever its case,
    # the administrator), not by reading the organisation's companies through its index and filtering them all
    (duplicates,) = [s for s in response.statements if s.startswith('SELECT "vendors_company"') and "admin_nik" in s]
    plan = _plan_text(duplicates)
    assert "BitmapOr" in plan and "company_org_email_lower" in plan and "company_org_admin_nik" in plan, plan


def test_a_web_report_reads_no_large_table_whole(client, national):
    # Given a reporter who has written to Salatiga before
    returning = Contact.objects.filter(organization=national.salatiga, email__endswith="@contoh-n.co.id").first()
    form = {
        "name": "Budi Santoso",
        "email": returning.email,
        "phone": "0812 3456 7890",
        "institution": "CV Maju Jaya",
        "user_type": "vendor",
        "application": "spse",
        "tender_code": "",
        "error_code": "500",
        "subject": "Gagal unggah dokumen penawaran",
        "description": "Saat mengunggah penawaran muncul galat 500.",
    }
    # When they report a problem on the web form; then no full scan
    run(
        client,
        "ticket create via the web",
        "post",
        reverse("helpdesk:public-report", kwargs={"org": national.salatiga.slug}),
        form,
        expect=302,
    )


def test_the_agents_ticket_list_reads_no_large_table_whole(client, national):
    # Given Salatiga's tickets among the nation's; when the agent opens the list, all and their own; then no full scan
    agent = _as(client, national, "helpdesk")
    url = reverse("helpdesk:ticket-list")
    run(agent, "ticket list", "get", url)
    run(agent, "ticket list, mine, open", "get", url, {"scope": "mine", "status": "open"})


@pytest.mark.parametrize("status", ["open", ""], ids=["open", "any-status"])
@pytest.mark.parametrize("search", ["number", "company", "text"])
def test_searching_tickets_reads_no_large_table_whole(client, national, search, status):
    # Given an old closed ticket of Salatiga, among its 1,000 and the nation's 20,000
    ticket = Ticket.objects.filter(organization=national.salatiga, status="closed").order_by("id")[10]
    query = {"number": ticket.number, "company": ticket.reporter_institution, "text": "unggah dokumen"}[search]
    # When the agent searches for it; then no statement reads a large table whole
    run(
        _as(client, national, "helpdesk"),
        f"ticket search by {search}, status {status or 'any'}",
        "get",
        reverse("helpdesk:ticket-list"),
        {"q": query, "status": status},
    )


def test_the_caller_lookup_reads_no_large_table_whole(client, national):
    # Given a caller who has reported to Salatiga before; when the agent looks their number up during the call;
    # then no full scan
    ticket = Ticket.objects.filter(organization=national.salatiga, number__startswith="HD-2001-").first()
    url = reverse("helpdesk:caller-lookup")
    response = run(
        _as(client, national, "helpdesk"), "returning caller lookup", "get", url, {"phone": ticket.contact.phone}
    )
    assert b"data-caller-fill" in response.content


def test_the_ticket_page_reads_no_large_table_whole(client, national):
    # Given a ticket with its conversation, of a reporter with other tickets
    ticket = Ticket.objects.filter(organization=national.salatiga, number__startswith="HD-2001-").order_by("-id")[7]
    # When the agent opens it; then no full scan
    url = reverse("helpdesk:ticket-detail", args=[ticket.pk])
    response = run(_as(client, national, "helpdesk"), "ticket detail", "get", url)
    assert response.context["conversation"] and response.context["other_tickets"]


def test_my_tasks_read_no_large_table_whole(client, national):
    # Given open steps for verifiers in Salatiga's cases; when the verifier opens "Tugas saya"; then no full scan
    response = run(_as(client, national, "verifikator"), "Tugas saya", "get", reverse("core:home"))
    assert response.context["tasks"]


def test_completing_a_step_reads_no_large_table_whole(client, national):
    from sopan.sop.services import cases

    # Given a case of the small SOP at its decision
    version = SopVersion.objects.get(organization=national.salatiga, sop__key="uji-verifikasi")
    case = cases.case_start(version=version, title="CV Keputusan", by=None)
    cases.step_complete(record=case.steps.get(step_key="ajukan"), by=None)
    cases.step_complete(
        record=case.steps.get(step_key="terima"), by=None, checklist=["Formulir pendaftaran", "KTP direktur"]
    )
    record = case.steps.get(step_key="periksa", status="open")
    # When the verifier decides it; then no full scan
    run(
        _as(client, national, "verifikator"),
        "complete an SOP step",
        "post",
        reverse("sop:step-complete", args=[record.pk]),
        {f"step{record.pk}-exit_label": "Ya"},
        expect=302,
    )


def test_the_compliance_report_of_one_quarter_reads_no_large_table_whole(client, national):
    # Given three years of Salatiga's step records among the nation's; when the Kepala LPSE reports one quarter;
    # then no full scan
    year = timezone.now().year - 1
    quarter = {"date_from": f"{year}-04-01", "date_to": f"{year}-06-30"}
    response = run(
        _as(client, national, "kepala.lpse"),
        "compliance report, one quarter",
        "get",
        reverse("compliance:report"),
        quarter,
    )
    assert response.context["report"].sections
    # the figures are summed from the aggregates of the quarter's days, read by their keys (organisation, day, …);
    # only the latest deviations come from the records, through the index of deviations
    statements = response.statements
    for table in ("sop_stepday", "sop_stepvisit", "sop_stepduration"):
        (summed,) = [s for s in statements if f'FROM "{table}"' in s]
        assert indexes_used(summed) == {f"{table.removeprefix('sop_')}_key"}
    (listed,) = [s for s in statements if 'FROM "sop_steprecord"' in s]
    assert "steprecord_org_deviations" in indexes_used(listed)


def test_public_tracking_and_the_reporters_page_read_no_large_table_whole(client, national):
    # Given a reporter's ticket at Salatiga; when they track it by number and e-mail and open their page;
    # then no full scan
    ticket = Ticket.objects.filter(organization=national.salatiga, number__startswith="HD-2001-").order_by("-id")[3]
    slug = national.salatiga.slug
    run(
        client,
        "public tracking",
        "post",
        reverse("helpdesk:public-track", kwargs={"org": slug}),
        {"number": ticket.number, "email": ticket.reporter_email},
        expect=302,
    )
    run(
        client,
        "the reporter's page",
        "get",
        reverse("helpdesk:public-ticket", kwargs={"org": slug, "token": ticket.public_token}),
    )


def test_a_lane_holders_case_list_reads_no_large_table_whole(client, national):
    # Given the nation's cases, Salatiga's on SOPs with the verifier's lanes among them; when the verifier (who sees
    # only the cases of their lanes, issue 13 §6) opens the case list; then no full scan
    response = run(_as(client, national, "verifikator"), "case list of a lane holder", "get", reverse("sop:case-list"))
    assert response.context["page"].items
