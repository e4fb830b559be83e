"""Vendor performance and coaching (issue 18, issue 21): the phase after procurement.

For each organisation's packages handed over (procurement's status "handed_over"), the `performance.Contract` the
`contract_ended` hook would have made at the handover (services.contract_from_handover: the package's name, agency,
PPK, kind and method, ended on the handover milestone's date, due for assessment `rules.ASSESSMENT_WORKING_DAYS`
working days later); most of them assessed by their PPK (`Assessment`: a company of the organisation, scores per
aspect of the scheme in force on the end date, total and band computed by `sopan.performance.rules`, the e-purchasing
ones in stars), the rest awaiting, overdue once past their due day. A few contracts per organisation are entered by
hand: terminations for the vendor's fault, assessed "Buruk" as the service rules. Self-managed packages (swakelola)
get no contract, as the hook makes none: they have no provider to assess.

Then a handful of coaching programmes per organisation (`sopan.coaching`), at every stage of their SOP, those past
their invitations with their session and invited vendors, those held with the attendance.

Runs inside the generator's load (`Writer` on its streams, the rows of the earlier phases handed over in memory) or
alone on an existing data set (`run_alone`, `python -m benchmarks.datagen --scale nasional --only performance`):
then the rows are read from the database, the tables keep their indexes, and an organisation that already has
contracts (or programmes) is skipped, so a second run adds nothing.
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from benchmarks.datagen import people
from benchmarks.datagen.bulk import Streams
from sopan.coaching.models import Invitation, Programme, Session
from sopan.coaching.services_invitations import ALPHABET, CODE_LENGTH
from sopan.core.calendar import WorkCalendar
from sopan.performance import rules
from sopan.performance.models import Assessment, Band, Contract

TERMINATIONS = 3  # contracts entered by hand per organisation: terminated for the vendor's fault, assessed "Buruk"
PROGRAMMES = 8  # coaching programmes per organisation
INVITED = (15, 40)  # vendors invited to a programme past its invitations
ATTENDED = 0.7  # of those invited to a programme held
# The chance that a contract is assessed: most of those ended weeks ago, fewer of the recent ones (about 3 in 4 of
# all contracts are assessed, `report`); a modelling choice, not a legal figure.
ASSESSED_OLD, ASSESSED_RECENT, RECENT_DAYS = 0.8, 0.35, 20
LATE = 0.15  # assessments made after their due day
RESPONDED = 0.1  # assessments the vendor responded to
SCORE_WEIGHTS = {0: 0.04, 1: 0.14, 2: 0.52, 3: 0.30}  # by score on the scheme's scale, where the scale has it
STAR_WEIGHTS = {1: 0.04, 2: 0.08, 3: 0.18, 4: 0.35, 5: 0.35}

CONTRACT_FIELDS = (
    "id", "organization_id", "package_id", "company_id", "name", "number", "value", "agency_id",
    "commitment_officer_id", "kind", "method", "ended_on", "ending", "assessment_due_on", "status", "created_by_id",
    "created_at",
)  # fmt: skip
ASSESSMENT_FIELDS = (
    "id", "organization_id", "contract_id", "company_id", "scheme_effective", "scores", "stars", "total", "band",
    "sikap_reference", "assessed_by_id", "assessed_at", "assessed_on", "response_due_on", "response", "responded_at",
    "responded_by_id",
)  # fmt: skip
PROGRAMME_FIELDS = (
    "id", "organization_id", "kind", "audience", "title", "strategy", "target_notes", "status", "direction", "report",
    "created_by_id", "created_at", "approved_by_id", "approved_at", "reported_by_id", "reported_at",
)  # fmt: skip
SESSION_FIELDS = ("id", "programme_id", "starts_at", "ends_at", "place", "online_link", "added_by_id")
INVITATION_FIELDS = (
    "id", "programme_id", "company_id", "criterion", "code", "added_by_id", "added_at", "sent_at", "attended_at",
    "checked_in_by_id",
)  # fmt: skip
LOADED = (Contract, Assessment, Programme, Session, Invitation)

P = Programme.Status
# (status, kind, title, criterion) of the programmes of every organisation, oldest first
PROGRAMME_PLAN = (
    (P.REPORTED, "socialisation", "Sosialisasi Katalog Elektronik bagi Pelaku Usaha Baru", "new"),
    (P.REPORTED, "training", "Pelatihan Penyusunan Dokumen Penawaran", "low_score"),
    (P.REPORTED, "clinic", "Klinik Konsultasi Pelaku Usaha Pasif", "passive"),
    (P.HELD, "training", "Bimbingan Teknis SPSE bagi Penyedia Konstruksi", "kbli"),
    (P.INVITED, "socialisation", "Sosialisasi Perubahan Ketentuan Pengadaan", "new"),
    (P.INVITED, "clinic", "Klinik Kinerja Penyedia Bernilai Buruk dan Cukup", "low_score"),
    (P.APPROVED, "training", "Pelatihan Tata Cara E-Purchasing", "kbli"),
    (P.DRAFT, "socialisation", "Sosialisasi Sanksi Daftar Hitam", "low_score"),
)
PAST_INVITATIONS = (P.INVITED, P.HELD, P.REPORTED)


@dataclass
class Target:
    """One organisation as the phase needs it: its staff by persona, its vendors, its handed-over packages."""

    id: int
    slug: str
    timezone: str
    staff: dict[str, int]
    companies: list[tuple[int, int]] = field(default_factory=list)  # (company id, admin user id)
    handed_over: list[tuple] = field(default_factory=list)  # procurement.PackageWriter.handed_over's rows


class Figures:
    def __init__(self):
        self.contracts = self.assessed = self.awaiting = self.overdue = self.terminations = 0
        self.self_managed = self.responded = self.programmes = self.invitations = self.skipped = 0
        self.bands = dict.fromkeys(Band.values, 0)

    def as_data(self) -> dict:
        return dict(vars(self))


def _top(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


class Writer:
    def __init__(self, streams: Streams, *, now: datetime.datetime, rng: random.Random, freeze: bool = True):
        self.ids = {model: _top(model) for model in LOADED}  # before the streams (their TRUNCATE locks the tables)
        self.contracts = streams.start(Contract, CONTRACT_FIELDS, freeze=freeze)
        self.assessments = streams.start(Assessment, ASSESSMENT_FIELDS, freeze=freeze)
        self.programmes = streams.start(Programme, PROGRAMME_FIELDS, freeze=freeze)
        self.sessions = streams.start(Session, SESSION_FIELDS, freeze=freeze)
        self.invitations = streams.start(Invitation, INVITATION_FIELDS, freeze=freeze)
        self.now, self.rng = now, rng
        self.figures = Figures()
        self._calendars: dict[str, WorkCalendar] = {}
        self._due: dict[tuple[str, datetime.date, int], datetime.date] = {}
        self._stars = (list(STAR_WEIGHTS), people.cumulative(STAR_WEIGHTS.values()))

    def _next(self, model) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def _after(self, zone: str, day: datetime.date, days: int) -> datetime.date:
        """`rules.working_days_after` in the organisation's calendar, once per zone, day and count."""
        key = (zone, day, days)
        if key not in self._due:
            calendar = self._calendars.setdefault(zone, WorkCalendar(timezone=zone))
            self._due[key] = rules.working_days_after(calendar, day, days)
        return self._due[key]

    # --- contracts and assessments ---------------------------------------------------------------------------------
    def organization(self, org: Target, *, contracts: bool = True, programmes: bool = True) -> None:
        if contracts:
            self._contracts(org)
        if programmes:
            self._programmes(org)

    def _contracts(self, org: Target) -> None:
        rng, today = self.rng, self.now.date()
        head = org.staff["kepala.ukpbj"]
        for package, name, agency, ppk, kind, method, on, at, number, value, by in org.handed_over:
            if method == "self_managed":  # no provider to assess: the hook records no contract
                self.figures.self_managed += 1
                continue
            chance = ASSESSED_OLD if (today - on).days > RECENT_DAYS else ASSESSED_RECENT
            assessed = org.companies and rng.random() < chance
            company = rng.choice(org.companies) if assessed else None
            row = (package, name, number, value, agency, ppk, kind, method, on, by, at)
            self._contract(org, row, company, Contract.Ending.HANDOVER, assessor=ppk or head)
        agencies = sorted({(row[2], row[3]) for row in org.handed_over if row[3]})
        for n in range(TERMINATIONS if agencies and org.companies else 0):
            agency, ppk = rng.choice(agencies)
            on = today - datetime.timedelta(days=rng.randint(30, 300))
            kind, method = rng.choice((("construction", "tender"), ("goods", "direct_procurement")))
            at = datetime.datetime.combine(on + datetime.timedelta(days=2), datetime.time(3), datetime.UTC)
            row = (None, f"Pekerjaan diputus kontrak {n + 1} ({org.slug})", f"{rng.randint(100, 999)}/SPK/{on.year}",
                   round(rng.uniform(200e6, 3e9), -3), agency, ppk, kind, method, on, ppk, at)  # fmt: skip
            self._contract(org, row, rng.choice(org.companies), Contract.Ending.TERMINATION, assessor=ppk)
            self.figures.terminations += 1

    def _contract(self, org: Target, row: tuple, company, ending: str, *, assessor: int) -> None:
        """One contract (as services.contract_from_handover or contract_record makes it) and its assessment when
        `company` (company id, its admin's user id) is given."""
        package, name, number, value, agency, ppk, kind, method, on, by, at = row
        pk = self._next(Contract)
        due = self._after(org.timezone, on, rules.ASSESSMENT_WORKING_DAYS)
        status = Contract.Status.AWAITING if company is None else Contract.Status.ASSESSED
        self.contracts.add((pk, org.id, package, None if company is None else company[0], name[:500], number[:100],
                            value, agency, ppk, kind, method, on, ending, due, status, by, at))  # fmt: skip
        self.figures.contracts += 1
        if company is None:
            self.figures.awaiting += 1
            self.figures.overdue += due < self.now.date()
        else:
            self._assessment(org, pk, company, on, due, method, assessor, ending=ending)

    def _assessment(self, org: Target, contract: int, company, on, due, method, by, *, ending: str) -> None:
        """As services.assessment_record: the scheme in force on the end date, the total and band by its rules."""
        rng, today = self.rng, self.now.date()
        scheme = rules.scheme_on(on)
        span = (due - on).days
        delay = rng.randint(span + 1, span + 40) if rng.random() < LATE else rng.randint(0, span)
        day = min(on + datetime.timedelta(days=delay), today)
        at = datetime.datetime.combine(day, datetime.time(rng.randint(8, 15), rng.randint(0, 59)),
                                       ZoneInfo(org.timezone)).astimezone(datetime.UTC)  # fmt: skip
        at = min(at, self.now)
        terminated = ending == Contract.Ending.TERMINATION
        if method == "e_purchasing":
            stars = 1 if terminated else rng.choices(*self._stars)[0]
            scores, total, band = {}, None, scheme.stars[stars]
        else:
            stars = None
            values = list(scheme.scale[:2] if terminated else scheme.scale)
            weights = people.cumulative(SCORE_WEIGHTS.get(v, 0.1) for v in values)
            scores = {a.key: rng.choices(values, cum_weights=weights)[0] for a in scheme.aspects}
            total = scheme.total_of(scores)
            band = scheme.band_of(total)
        if terminated:
            band = Band.POOR  # as services.assessment_record (UNVERIFIED there: rules.py)
        respond = rng.random() < RESPONDED
        responded_at = min(at + datetime.timedelta(days=rng.randint(1, 4)), self.now) if respond else None
        self.assessments.add((
            self._next(Assessment), org.id, contract, company[0], scheme.effective, json.dumps(scores), stars, total,
            band, f"SIKAP-{org.id}-{contract}" if rng.random() < 0.6 else "", by, at, day,
            self._after(org.timezone, day, rules.RESPONSE_WORKING_DAYS),
            "Kami menerima penilaian ini dan akan memperbaiki ketepatan waktu pekerjaan." if respond else "",
            responded_at, company[1] if respond else None,
        ))  # fmt: skip
        self.figures.assessed += 1
        self.figures.responded += respond
        self.figures.bands[band] += 1

    # --- coaching ------------------------------------------------------------------------------------------------
    def _programmes(self, org: Target) -> None:
        rng = self.rng
        team = org.staff.get("tim.pembinaan") or org.staff["kepala.ukpbj"]
        head = org.staff["kepala.ukpbj"]
        order = list(Programme.Status)
        for n, (status, kind, title, criterion) in enumerate(PROGRAMME_PLAN):
            pk = self._next(Programme)
            created = self.now - datetime.timedelta(days=300 - n * 35, hours=rng.randint(0, 48))
            approved = created + datetime.timedelta(days=5) if order.index(status) >= order.index(P.APPROVED) else None
            reported = created + datetime.timedelta(days=40) if status == P.REPORTED else None
            self.programmes.add((
                pk, org.id, kind, Programme.Audience.VENDORS, title,
                "Pembinaan berdasarkan rekapitulasi kinerja penyedia dan data registrasi LPSE.",
                "Pelaku usaha yang terdaftar di LPSE.", status,
                "Laksanakan sesuai jadwal dan laporkan hasilnya." if approved else "",
                "Kegiatan terlaksana; daftar hadir dan evaluasi terlampir." if reported else "",
                team, created, head if approved else None, approved, team if reported else None, reported,
            ))  # fmt: skip
            self.figures.programmes += 1
            if status not in PAST_INVITATIONS or not org.companies:
                continue
            starts = created + datetime.timedelta(days=20)
            self.sessions.add((self._next(Session), pk, starts, starts + datetime.timedelta(hours=3),
                               f"Aula UKPBJ {org.slug}", "", team))  # fmt: skip
            held = status in (P.HELD, P.REPORTED)
            codes: set[str] = set()
            invited = rng.sample(org.companies, min(rng.randint(*INVITED), len(org.companies)))
            for company, _user in invited:
                code = _code(rng, codes)
                came = held and rng.random() < ATTENDED
                attended = starts + datetime.timedelta(minutes=rng.randint(0, 45)) if came else None
                self.invitations.add((self._next(Invitation), pk, company, criterion, code, team,
                                      created + datetime.timedelta(days=12), created + datetime.timedelta(days=13),
                                      attended, team if attended else None))  # fmt: skip
                self.figures.invitations += 1


def _code(rng: random.Random, taken: set[str]) -> str:
    """A check-in code as services_invitations.new_code draws it (from the generator's seed, not `secrets`)."""
    while True:
        code = "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


# --- where the organisations come from -----------------------------------------------------------------------------
def target_of(org, packages, vendors) -> Target:
    """An organisation of the generator's run (setup.Org), with what the earlier phases wrote for it (not committed
    yet: their streams are still open)."""
    return Target(org.id, org.spec.slug, org.spec.timezone, org.staff, vendors.active.get(org.id, []),
                  packages.handed_over.pop(org.id, []))  # fmt: skip


def targets_in_database():
    """Every organisation of an existing data set, read from it, with what it still lacks: (target, contracts to
    make, programmes to make). An organisation that has contracts has its contracts; one with programmes, those."""
    from sopan.accounts.models import Organization, User
    from sopan.procurement.models import Milestone, Package
    from sopan.vendors.models import Company

    with_contracts = set(Contract.objects.order_by().values_list("organization_id", flat=True).distinct())
    with_programmes = set(Programme.objects.order_by().values_list("organization_id", flat=True).distinct())
    for pk, slug, zone in Organization.objects.order_by("pk").values_list("pk", "slug", "timezone"):
        contracts, programmes = pk not in with_contracts, pk not in with_programmes
        if not (contracts or programmes):
            yield Target(pk, slug, zone, {}), False, False
            continue
        names = (f"{slug}.kepala.ukpbj", f"{slug}.tim.pembinaan")
        staff = {u.removeprefix(f"{slug}."): i for u, i in User.objects.filter(username__in=names).values_list(
            "username", "pk")}  # fmt: skip
        companies = list(
            Company.objects.filter(organization_id=pk, status=Company.Status.ACTIVE, admin_user__isnull=False)
            .order_by("pk")
            .values_list("pk", "admin_user_id")[:300]
        )
        handed_over = []
        if contracts:
            packages = Package.objects.filter(organization_id=pk, status=Package.Status.HANDED_OVER)
            milestones, HANDOVER = {}, Milestone.Kind.HANDOVER
            for package, kind, on, at, reference, value, by in (
                Milestone.objects.filter(package__in=packages, kind__in=(Milestone.Kind.CONTRACT, HANDOVER))
                .order_by("pk")
                .values_list("package_id", "kind", "on", "recorded_at", "reference", "value", "recorded_by_id")
            ):
                milestones[package, kind] = (on, at, reference, value, by)
            for package, name, agency, ppk, kind, method in packages.order_by("pk").values_list(
                "pk", "name", "agency_id", "commitment_officer_id", "kind", "method"
            ):
                handover = milestones.get((package, Milestone.Kind.HANDOVER))
                if handover is None:
                    continue  # handed over without its milestone: nothing to date the contract by
                _on, _at, number, value, _by = milestones.get((package, Milestone.Kind.CONTRACT), (0, 0, "", None, 0))
                on, at, _reference, _value, by = handover
                handed_over.append((package, name, agency, ppk, kind, method, on, at, number, value, by))
        yield Target(pk, slug, zone, staff, companies, handed_over), contracts, programmes


PHASE = "performance and coaching (contracts, assessments, programmes, invitations)"


def run_alone(conninfo: str, *, seed: int, report) -> None:
    """The phase on an existing data set (its tables keep their indexes): the organisations not done yet."""
    from django.utils import timezone

    from benchmarks.datagen import database

    streams = Streams(conninfo)
    try:
        writer = Writer(streams, now=timezone.now(), rng=random.Random(seed + 18), freeze=False)
        with report.phase(PHASE):
            for target, contracts, programmes in targets_in_database():
                writer.figures.skipped += not (contracts or programmes)
                writer.organization(target, contracts=contracts, programmes=programmes)
        with report.phase("COPY streams committed (performance)"):
            streams.close_all()
    except BaseException:
        streams.abort_all()
        raise
    for stream in streams.done:
        report.rows(stream.table.name, stream.rows, load_seconds=stream.seconds)
    tables = [model._meta.db_table for model in LOADED]
    with report.phase("sequences and statistics (performance)"):
        database.reset_sequences(conninfo, tables)
        for table, seconds in database.vacuum_analyze(conninfo, tables).items():
            report.table(table, vacuum_seconds=round(seconds, 2))
    _, per_table = database.sizes(conninfo, tables)
    for table, size in per_table.items():
        report.table(table, **size)
    report.note(performance=writer.figures.as_data())
