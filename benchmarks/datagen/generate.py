"""The run: organisations, then vendors and tickets of each organisation streamed into PostgreSQL, then the indexes,
constraints and statistics; every phase and table timed (report.py)."""

from __future__ import annotations

import datetime
import hashlib
import io
import math
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from benchmarks.datagen import database, helpdesk, performance, procurement, registrations, setup, traces, vendors
from benchmarks.datagen.bulk import Streams
from benchmarks.datagen.cases import CaseWriter
from benchmarks.datagen.clock import WorkClock, epoch
from benchmarks.datagen.regions import organization_specs
from benchmarks.datagen.report import Report
from sopan.accounts.models import Organization, RoleAssignment, User
from sopan.core.calendar import WorkCalendar
from sopan.core.models import NumberSeries
from sopan.helpdesk.models import Contact, Message, Ticket
from sopan.procurement.models import Package
from sopan.sop import rollup
from sopan.sop.models import Case, StepDay, StepDuration, StepRecord, StepVisit
from sopan.vendors.models import AppointmentSlot, Company, Document, Registration

YEARS = 2


@dataclass(frozen=True)
class Scale:
    name: str
    organizations: int
    vendors: int
    tickets: int
    steps: int


SCALES = {
    "kota": Scale("kota", 1, 5_000, 20_000, 200_000),
    "nasional": Scale("nasional", 600, 1_000_000, 3_000_000, 10_000_000),
    "tiny": Scale("tiny", 2, 60, 120, 600),  # for the test
}
# The tables the bulk load writes (loaded without their indexes and foreign keys, which are rebuilt after).
LOADED = (
    User,
    RoleAssignment,
    Company,
    Registration,
    Document,
    AppointmentSlot,
    Contact,
    Ticket,
    Message,
    Case,
    StepRecord,
    *procurement.LOADED,
    *performance.LOADED,
)


def shares(rng: random.Random, count: int, total: int, *, minimum: int) -> list[int]:
    """`total` split over `count` organisations of very different sizes (log-normal), each at least `minimum`."""
    if count == 1:
        return [total]
    weights = [rng.lognormvariate(0, 0.9) for _ in range(count)]
    scale = (total - minimum * count) / sum(weights)
    raw = [minimum + w * scale for w in weights]
    result = [math.floor(x) for x in raw]
    for index in sorted(range(count), key=lambda i: raw[i] - result[i], reverse=True)[: total - sum(result)]:
        result[index] += 1
    return result


def budget(scale: Scale, registration: tuple[float, float], phone: float) -> tuple[float, float]:
    """How the scale's step records divide between the two procedures: the share of tickets taken by telephone and
    the share of the history of registrations that has a case (the newest part; all open ones have one)."""
    closed_avg, open_avg = registration
    open_steps = scale.vendors * registrations.OPEN_SHARE * open_avg
    closed_all = scale.vendors * (1 - registrations.OPEN_SHARE) * closed_avg
    phone_share = min(max(0.5 * scale.steps / (scale.tickets * phone), 0.2), 0.75)
    rest = scale.steps - scale.tickets * phone_share * phone - open_steps
    case_share = min(max(rest / closed_all, 0.0), 1.0)
    if case_share == 1.0:  # every registration has its case: the telephone takes what is left
        left = scale.steps - open_steps - closed_all
        phone_share = min(max(left / (scale.tickets * phone), 0.2), 0.9)
    return phone_share, case_share


def _placeholder_pdf() -> tuple[int, str]:
    """The one file every generated document points to (the load test may open documents)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Berkas contoh (data benchmark)"})
    buffer = io.BytesIO()
    writer.write(buffer)
    content = buffer.getvalue()
    if not default_storage.exists(registrations.DOCUMENT_FILE):
        default_storage.save(registrations.DOCUMENT_FILE, ContentFile(content))
    with default_storage.open(registrations.DOCUMENT_FILE, "rb") as handle:
        stored = handle.read()
    return len(stored), hashlib.sha256(stored).hexdigest()


def _next_ids() -> dict[str, int]:
    def top(model) -> int:
        return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1

    return {
        "user": top(User),
        "role": top(RoleAssignment),
        "company": top(Company),
        "registration": top(Registration),
        "document": top(Document),
        "slot": top(AppointmentSlot),
        "contact": top(Contact),
        "ticket": top(Ticket),
        "message": top(Message),
    }


def run(scale: Scale, conninfo: str, *, seed: int, report: Report) -> None:
    rng = random.Random(seed)
    now = epoch(timezone.now())
    today = timezone.localdate()
    since = today - datetime.timedelta(days=365 * YEARS)
    specs = organization_specs(scale.organizations)
    password_hash = make_password(setup.PASSWORD)

    with report.phase("template organisation (services)"):
        template = setup.build_template(
            specs[0], since=since - datetime.timedelta(days=30), password_hash=password_hash, rng=rng
        )
    with report.phase("SOP traces (real engine, rolled back)"):
        staff = {u.username.removeprefix(f"{template.slug}."): u for u in User.objects.filter(organization=template)}
        actors = {"officer": staff["petugas.registrasi"], "verifier": staff["verifikator"], "agent": staff["helpdesk"]}
        registration_traces = traces.capture(
            organization=template,
            procedure="vendor_registration",
            subject_model=Registration,
            scenarios=registrations.SCENARIO_GROUPS,
            actors=actors,
        )
        phone_traces = traces.capture(
            organization=template,
            procedure="telephone_helpdesk",
            subject_model=Ticket,
            scenarios=helpdesk.SCENARIOS,
            actors=actors,
        )
        package_traces = procurement.capture_traces(template, staff)
    cloner = None
    if len(specs) > 1:
        with report.phase("organisations copied from the template"):
            cloner = setup.Cloner(template, specs, since=since, rng=rng)
            for table, rows in cloner.run(conninfo).items():
                report.rows(table, rows)
    orgs = setup.organizations(template, cloner, specs)

    phone_share, case_share = budget(
        scale, registrations.expected_steps(registration_traces), helpdesk.expected_steps(phone_traces)
    )
    report.note(telephone_share=round(phone_share, 4), registration_case_share=round(case_share, 4))
    vendor_counts = shares(rng, len(orgs), scale.vendors, minimum=min(40, scale.vendors // len(orgs)))
    ticket_counts = shares(rng, len(orgs), scale.tickets, minimum=min(60, scale.tickets // len(orgs)))
    document_file = _placeholder_pdf()
    tables = [m._meta.db_table for m in LOADED]
    ids = _next_ids()
    first_case = (Case.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
    first_step = (StepRecord.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
    registration_type = ContentType.objects.get_for_model(Registration).pk
    ticket_type = ContentType.objects.get_for_model(Ticket).pk
    clocks = {
        zone: WorkClock(
            WorkCalendar(timezone=zone), since - datetime.timedelta(days=45), today + datetime.timedelta(days=120)
        )
        for zone in {o.spec.timezone for o in orgs}
    }
    first_day = {
        zone: clock.day_index(epoch(timezone.make_aware(datetime.datetime.combine(since, datetime.time()))))
        for zone, clock in clocks.items()
    }

    with report.phase("indexes and foreign keys dropped"):
        definitions = database.take_apart(conninfo, tables)
    streams = Streams(conninfo)
    counters: list[NumberSeries] = []
    try:
        case_writer = CaseWriter(streams, first_case=first_case, first_step=first_step, now=now, rng=rng)
        vendor_writer = vendors.VendorWriter(
            streams,
            case_writer,
            registration_traces,
            ids=ids,
            now=now,
            rng=rng,
            password_hash=password_hash,
            registration_type=registration_type,
            document_file=document_file,
        )
        ticket_writer = helpdesk.TicketWriter(
            streams,
            case_writer,
            phone_traces,
            ids=ids,
            now=now,
            rng=rng,
            ticket_type=ticket_type,
            phone_share=phone_share,
        )
        samples = []
        with report.phase("vendors (users, companies, registrations, documents, slots, their cases)"):
            for org, count in zip(orgs, vendor_counts, strict=True):
                zone = org.spec.timezone
                samples.append(
                    vendor_writer.organization(
                        org, clocks[zone], count=count, first_day=first_day[zone], case_share=case_share
                    )
                )
        with report.phase("helpdesk (contacts, tickets, messages, telephone cases)"):
            for org, count, sample in zip(orgs, ticket_counts, samples, strict=True):
                zone = org.spec.timezone
                drawn = ticket_writer.organization(
                    org, clocks[zone], count=count, first_day=first_day[zone], vendors=sample
                )
                counters += [
                    NumberSeries(organization_id=org.id, series=k, year=y, value=v) for (k, y), v in drawn.items()
                ]
        with report.phase("procurement (packages, their stage records and SOP cases)"):
            package_writer = procurement.PackageWriter(
                streams,
                now=timezone.now(),
                rng=random.Random(seed + 17),
                cases=case_writer,
                traces=package_traces,
                package_type=ContentType.objects.get_for_model(Package).pk,
            )
            agencies = procurement.agencies_of(template, cloner, orgs)
            for org in orgs:
                package_writer.organization(org, agencies[org.id], clocks[org.spec.timezone])
        with report.phase(performance.PHASE):
            contract_writer = performance.Writer(streams, now=package_writer.now, rng=random.Random(seed + 18))
            for org in orgs:
                contract_writer.organization(performance.target_of(org, package_writer, vendor_writer))
        with report.phase("COPY streams committed"):
            streams.close_all()
    except BaseException:
        streams.abort_all()
        raise
    for stream in streams.done:
        report.rows(stream.table.name, stream.rows, load_seconds=stream.seconds)

    with report.phase("indexes, unique constraints and foreign keys rebuilt"):
        for table, kinds in database.put_back(conninfo, definitions).items():
            report.table(table, **{f"{kind.replace(' ', '_')}_seconds": round(s, 2) for kind, s in kinds.items()})
    with report.phase("sequences and counters"):
        database.reset_sequences(conninfo, database.all_tables(conninfo))
        NumberSeries.objects.bulk_create(counters, batch_size=2000)
    with report.phase("compliance aggregates (sop.rollup.rebuild, per organisation)"):
        # The records were streamed past the services that keep the aggregates: built from them as `migrate` does.
        for organization in Organization.objects.order_by("pk"):
            rollup.rebuild(organization)
        tables += [_model._meta.db_table for _model in (StepDay, StepVisit, StepDuration)]
    with report.phase("VACUUM (ANALYZE)"):
        for table, seconds in database.vacuum_analyze(conninfo, tables).items():
            report.table(table, vacuum_seconds=round(seconds, 2))
    total, per_table = database.sizes(conninfo, tables)
    for table, size in per_table.items():
        report.table(table, **size)
    report.note(
        database_bytes=total,
        registrations_with_case=vendor_writer.cases,
        registration_step_records=vendor_writer.steps,
        telephone_cases=ticket_writer.cases,
        telephone_step_records=ticket_writer.steps,
        packages=package_writer.serial,
        package_cases=package_writer.case_count,
        package_step_records=package_writer.step_count,
        performance=contract_writer.figures.as_data(),
    )
