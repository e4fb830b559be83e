"""Procurement packages (issue 17 §8): 2,000 packages per organisation for the current fiscal year (1.2 million at
`nasional`), spread over the organisation's agencies, their PPK and PA/KPA, kinds, methods and statuses, each with
the stage records its status implies — the PPK's preparation documents, the request for selection, the Pokja's decree
with three members, the review rounds (some returned to the PPK once or more), the methods and schedule, the
milestones of the main process — streamed with COPY like the other large tables — and the SOP cases its history
left: Persiapan Pengadaan, Persiapan Pemilihan Penyedia and Proses Utama PBJ, as far as the package went (`history`).

The template organisation gets its agencies, one PPK and one PA/KPA per agency and eight Pokja members through the
real services (`setup.build_template`, from `AGENCY_UNITS` and `STAFF` here), so every copy has them too. Benchmark
logins: `<org>.kepala.ukpbj`, `.jabfung.ppbj`, `.pokja` (… `.pokja8`), `.ppk` and `.pa.kpa` (DPUPR), `.ppk.<agency>`
and `.pa.kpa.<agency>` (`ppk.dinkes`, `pa.kpa.rsud` …).

Statuses follow a year still under way: most packages in the earlier stages, a share handed over, a few cancelled
(`STATUSES`). No audit events are written (their hash chain is the audit service's): the dashboard's "in this stage
since" falls back to the package's `created_at`, as for a package never moved.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import random

from benchmarks.datagen import people
from benchmarks.datagen.bulk import Streams
from benchmarks.datagen.cases import CaseWriter
from benchmarks.datagen.clock import WorkClock, epoch
from benchmarks.datagen.traces import Group, Trace
from sopan.accounts import demo as accounts_demo
from sopan.accounts.models import OrgUnit
from sopan.procurement.models import (
    Milestone,
    Package,
    PokjaAssignment,
    PokjaAssignmentMember,
    PreparationDocument,
    Review,
    SelectionPlan,
    SelectionRequest,
)
from sopan.procurement.workflows import (
    MAIN,
    PACKAGE_FLOW,
    PREPARATION,
    PREPARATION_ENDS_WITH_REQUEST,
    SELECTION_PREPARATION,
)

PER_ORGANIZATION = 2_000  # packages of the current fiscal year (issue 17 §8: 1.2 million at nasional)
POKJA_SIZE = 3  # members of a Pokja Pemilihan: three, the usual decree (a modelling choice, not a legal figure)
POKJA_MEMBERS = 8
NAMES_SEED = 1717  # the procurement staff's names are drawn from their own generator (setup.py)

# The template's agencies: the demo's two (DPUPR, DINKES) and ten more, with the share of the packages each holds.
AGENCY_UNITS = (
    accounts_demo.UnitSpec("DISDIK", "Dinas Pendidikan dan Kebudayaan", OrgUnit.Kind.AGENCY),
    accounts_demo.UnitSpec("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", OrgUnit.Kind.AGENCY),
    accounts_demo.UnitSpec("DISHUB", "Dinas Perhubungan", OrgUnit.Kind.AGENCY),
    accounts_demo.UnitSpec("SETWAN", "Sekretariat DPRD", OrgUnit.Kind.AGENCY),
    accounts_demo.UnitSpec("BPBD", "Badan Penanggulangan Bencana Daerah", OrgUnit.Kind.AGENCY),
    accounts_demo.UnitSpec("DLH", "Dinas Lingkungan Hidup", OrgUnit.Kind.AGENCY),
    accounts_demo.UnitSpec("RSUD", "Rumah Sakit Umum Daerah", OrgUnit.Kind.AGENCY),
    accounts_demo.UnitSpec("DINSOS", "Dinas Sosial", OrgUnit.Kind.AGENCY),
    accounts_demo.UnitSpec("DISKOMINFO", "Dinas Komunikasi dan Informatika", OrgUnit.Kind.AGENCY),
    accounts_demo.UnitSpec("PERKIM", "Dinas Perumahan dan Kawasan Permukiman", OrgUnit.Kind.AGENCY),
)
AGENCY_SHARES = {
    "DPUPR": 0.22,
    "DINKES": 0.10,
    "DISDIK": 0.13,
    "RSUD": 0.11,
    "PERKIM": 0.09,
    "DISHUB": 0.06,
    "DLH": 0.06,
    "BPBD": 0.05,
    "DINSOS": 0.04,
    "DISKOMINFO": 0.06,
    "SETWAN": 0.04,
    "BAPPEDA": 0.04,
}


def officers(code: str) -> tuple[str, str]:
    """The persona names of an agency's PPK and PA/KPA (DPUPR keeps the demo's `ppk` and `pa.kpa`)."""
    if code == "DPUPR":
        return "ppk", "pa.kpa"
    return f"ppk.{code.lower()}", f"pa.kpa.{code.lower()}"


STAFF = (
    *(
        accounts_demo.Persona(name, "", role, code)
        for code in AGENCY_SHARES
        if code != "DPUPR"
        for name, role in zip(officers(code), ("commitment_officer", "budget_holder"), strict=True)
    ),
    *(accounts_demo.Persona(f"pokja{n}", "", "selection_group_member", "UKPBJ") for n in range(2, POKJA_MEMBERS + 1)),
)
POKJA = ("pokja", *(f"pokja{n}" for n in range(2, POKJA_MEMBERS + 1)))

S = Package.Status
# The current fiscal year, in December: most packages still in the earlier stages, a share handed over.
STATUSES = (
    (S.PLANNING, 0.26),
    (S.PREPARATION, 0.16),
    (S.SELECTION_PREPARATION, 0.16),
    (S.SELECTION, 0.10),
    (S.CONTRACT, 0.12),
    (S.HANDED_OVER, 0.17),
    (S.CANCELLED, 0.03),
)
ORDER = (S.PLANNING, S.PREPARATION, S.SELECTION_PREPARATION, S.SELECTION, S.CONTRACT, S.HANDED_OVER)
# method, share, pagu range (rupiah, log-uniform)
METHODS = (
    ("direct_procurement", 0.34, 10e6, 200e6),
    ("e_purchasing", 0.24, 5e6, 2e9),
    ("tender", 0.14, 200e6, 15e9),
    ("self_managed", 0.14, 10e6, 1e9),
    ("direct_appointment", 0.05, 50e6, 3e9),
    ("selection", 0.06, 100e6, 5e9),
    ("quick_tender", 0.03, 200e6, 5e9),
)
POKJA_METHODS = ("tender", "selection", "quick_tender")
KINDS = (("goods", 0.38), ("construction", 0.27), ("other_services", 0.25), ("consultancy", 0.10))
FUNDING = (("apbd", 0.78), ("dak", 0.10), ("apbdp", 0.06), ("blud", 0.04), ("apbn", 0.02))
RETURNS = (0.5, 0.3, 0.15, 0.05)  # review rounds returned to the PPK before the complete one: 0, 1, 2, 3
NAMES = {
    "goods": ("Belanja Alat Tulis Kantor", "Pengadaan Komputer dan Laptop", "Pengadaan Alat Kesehatan",
              "Belanja Bahan Bakar Kendaraan Dinas", "Pengadaan Mebel Sekolah", "Pengadaan Obat dan BMHP",
              "Pengadaan Kendaraan Operasional", "Belanja Seragam Petugas"),
    "construction": ("Pembangunan Jalan Lingkungan", "Rehabilitasi Gedung Kantor", "Peningkatan Jalan",
                     "Pembangunan Drainase", "Rehabilitasi Ruang Kelas", "Pembangunan Jembatan",
                     "Pemeliharaan Berkala Jalan", "Pembangunan Talud"),
    "consultancy": ("Jasa Konsultansi Perencanaan", "Jasa Konsultansi Pengawasan", "Penyusunan Masterplan",
                    "Kajian Kelayakan", "Penyusunan DED"),
    "other_services": ("Jasa Kebersihan Gedung", "Jasa Keamanan Kantor", "Sewa Kendaraan Operasional",
                       "Jasa Pemeliharaan Jaringan", "Jasa Katering Rapat", "Jasa Penyelenggaraan Acara"),
}  # fmt: skip
PLACES = ("Kelurahan", "Kecamatan", "Ruas", "Lokasi", "Paket")
FINDINGS = (
    "Spesifikasi teknis menyebut merek tertentu; mohon diganti dengan spesifikasi fungsional.",
    "HPS belum dilengkapi sumber harga dan tanggal survei.",
    "Rancangan kontrak belum memuat ketentuan penyesuaian harga.",
    "Jadwal pelaksanaan dalam KAK tidak sesuai dengan rencana penggunaan.",
)
ITEMS = json.dumps([item.value for item in SelectionRequest.Item])

PACKAGE_FIELDS = (
    "id", "organization_id", "kd_rup", "name", "agency_id", "budget_holder_name", "budget_holder_id",
    "commitment_officer_name", "commitment_officer_id", "kind", "pagu", "funding_source", "method", "is_domestic",
    "is_small_business", "fiscal_year", "planned_selection_on", "planned_contract_on", "planned_use_on", "hps",
    "spse_code", "status", "created_at", "updated_at",
)  # fmt: skip
DOCUMENT_FIELDS = ("id", "package_id", "kind", "status", "reference", "updated_by_id", "updated_at")
REQUEST_FIELDS = ("id", "package_id", "items", "submitted_by_id", "submitted_at")
ASSIGNMENT_FIELDS = ("id", "package_id", "decree_number", "decree_date", "assigned_by_id", "is_active", "created_at")
MEMBER_FIELDS = ("id", "assignment_id", "user_id", "declared_competence", "competence_note", "signed_integrity_pact")
REVIEW_FIELDS = ("id", "package_id", "round", "outcome", "findings", "reviewed_by_id", "at", "resubmitted_at")
PLAN_FIELDS = (
    "id", "package_id", "selection_method", "qualification_method", "evaluation_method", "submission_method",
    "decided_by_id", "decided_at", "announcement_on", "bid_deadline_on", "result_on", "contract_on", "scheduled_by_id",
)  # fmt: skip
MILESTONE_FIELDS = ("id", "package_id", "kind", "on", "reference", "value", "recorded_by_id", "recorded_at")
LOADED = (
    Package,
    PreparationDocument,
    SelectionRequest,
    PokjaAssignment,
    PokjaAssignmentMember,
    Review,
    SelectionPlan,
    Milestone,
)


# --- the packages' SOP cases -------------------------------------------------------------------------------------
# A package's history is the transitions of `workflows.PACKAGE_FLOW` it went through, in order, each at the time of
# the stage record it left. Each transition that names SOP steps left them on the package's case of its procedure
# (`core.workflow`, hook `steps_done`), and the request for selection also ended Persiapan Pengadaan
# (`PREPARATION_ENDS_WITH_REQUEST`); a cancellation closed the cases still open. The step records themselves are the
# real engine's: every history the generator can make is run once through `sop.api` (`traces.capture`).
PROCEDURES = (PREPARATION, SELECTION_PREPARATION, MAIN)
TRANSITIONS = {transition.name: transition for transition in PACKAGE_FLOW.transitions}
MOVED_BY = {  # the milestones whose transition records a step of Proses Utama (the SPPBJ's records none)
    Milestone.Kind.SELECTION_RESULT: "record_selection_result",
    Milestone.Kind.CONTRACT: "record_contract",
    Milestone.Kind.HANDOVER: "record_handover",
}


@dataclasses.dataclass
class _Story:
    """A package's history as the writer draws it."""

    stage: int
    cancelled: bool
    updated: datetime.datetime
    depth: int = 0
    rounds: list[tuple[bool, bool]] = dataclasses.field(default_factory=list)  # (complete, resubmitted after it)
    milestones: list[str] = dataclasses.field(default_factory=list)
    at: dict[str, tuple[datetime.datetime, int | None]] = dataclasses.field(default_factory=dict)  # when → time, who


def history(
    *, stage: int, depth: int, rounds: tuple[tuple[bool, bool], ...], milestones: tuple[str, ...], cancelled: bool
) -> tuple[str, ...]:
    """The transitions of a package (`when` names, numbered where a transition repeats): `stage` reached (index in
    `ORDER`), `depth` inside the selection preparation, review `rounds` as (complete, resubmitted after it), the
    milestones recorded."""
    events: list[str] = []
    if stage >= 1:
        events.append("submit_preparation")
    if stage >= 2:
        events.append("approve_preparation")
        events += ("request_selection", "assign_pokja")[: min(depth, 2)]
        for n, (complete, resubmitted) in enumerate(rounds, start=1):
            events.append("complete_review" if complete else f"return_documents{n}")
            if resubmitted:
                events.append(f"resubmit_documents{n}")
        events += ("decide_methods", "set_schedule")[: max(depth - 3, 0)]
    if stage >= 3:
        events.append("start_selection")
        events += [MOVED_BY[kind] for kind in milestones if kind in MOVED_BY]
    if cancelled and events:  # (cancelled in its planning: no case was opened)
        events.append("cancel")
    return tuple(events)


def transition_of(when: str) -> str:
    return when.rstrip("0123456789")


def groups_of(events: tuple[str, ...]) -> dict[str, tuple[Group, ...]]:
    """Per procedure, the groups of steps the history recorded (the actor of each is its `when`: who took it)."""
    groups: dict[str, list[Group]] = {procedure: [] for procedure in PROCEDURES}
    for when in events:
        name = transition_of(when)
        if name == "cancel":
            for procedure in PROCEDURES:
                if groups[procedure] and not groups[procedure][-1].finish:
                    groups[procedure].append(Group(when, when, close=True))
            continue
        transition = TRANSITIONS[name]
        if transition.sop_steps:
            groups[transition.procedure].append(Group(when, when, transition.sop_steps, finish=transition.finish))
        if name == "request_selection":
            groups[PREPARATION].append(Group(when, when, PREPARATION_ENDS_WITH_REQUEST, finish=True))
    return {procedure: tuple(found) for procedure, found in groups.items() if found}


def histories() -> set[tuple[str, ...]]:
    """Every history `PackageWriter` can make (its draws below)."""
    kinds = Milestone.Kind
    found = set()
    for stage in range(1, len(ORDER)):
        for cancelled in (False, True) if stage <= 3 else (False,):
            for depth in range(6) if stage == 2 else (5,):
                for returned in range(len(RETURNS)):
                    for complete in (False, True):
                        for last_resubmitted in (False, True):
                            if depth < 3 or (depth >= 4 and not complete):
                                rounds = () if depth < 3 else None
                            else:
                                count = returned + complete
                                rounds = tuple(
                                    (complete and n == count, n < count or (not complete and last_resubmitted))
                                    for n in range(1, count + 1)
                                )
                            if rounds is None:
                                continue
                            for result in (False, True):
                                milestones = (kinds.ANNOUNCED,) + ((kinds.SELECTION_RESULT,) if result else ())
                                if stage >= 4:
                                    milestones = (kinds.ANNOUNCED, kinds.SELECTION_RESULT, kinds.SPPBJ, kinds.CONTRACT)
                                if stage >= 5:
                                    milestones += (kinds.HANDOVER,)
                                found.add(
                                    history(
                                        stage=stage,
                                        depth=depth,
                                        rounds=rounds,
                                        milestones=milestones if stage >= 3 else (),
                                        cancelled=cancelled,
                                    )
                                )
    return found


def capture_traces(template, staff) -> dict[str, dict[str, Trace]]:
    """Per procedure, the trace of each history's groups, keyed by their `when` names joined."""
    from benchmarks.datagen import traces

    by_procedure: dict[str, dict[str, tuple[Group, ...]]] = {procedure: {} for procedure in PROCEDURES}
    for events in histories():
        for procedure, groups in groups_of(events).items():
            by_procedure[procedure][trace_key(groups)] = groups
    whens = {group.when for scenarios in by_procedure.values() for groups in scenarios.values() for group in groups}
    actors = dict.fromkeys(whens, staff["kepala.ukpbj"])
    return {
        procedure: traces.capture(organization=template, procedure=procedure, subject_model=Package,
                                  scenarios=scenarios, actors=actors)
        for procedure, scenarios in by_procedure.items()
    }  # fmt: skip


def trace_key(groups: tuple[Group, ...]) -> str:
    return ",".join(group.when for group in groups)


def agencies_of(template, cloner, orgs) -> dict[int, list[tuple[int, str]]]:
    """Per organisation id: its agencies (unit id, code), mapped from the template's."""
    units = list(
        OrgUnit.objects.filter(organization=template, kind=OrgUnit.Kind.AGENCY).order_by("pk").values_list("pk", "code")
    )
    return {
        org.id: [(pk if org.index == 0 else cloner.new_id(OrgUnit, org.index, pk), code) for pk, code in units]
        for org in orgs
    }


def _top(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


class PackageWriter:
    def __init__(
        self,
        streams: Streams,
        *,
        now: datetime.datetime,
        rng: random.Random,
        cases: CaseWriter,
        traces: dict[str, dict[str, Trace]],
        package_type: int,
    ):
        self.ids = {model: _top(model) for model in LOADED}  # before the streams (their TRUNCATE locks the tables)
        self.packages = streams.start(Package, PACKAGE_FIELDS, freeze=True)
        self.documents = streams.start(PreparationDocument, DOCUMENT_FIELDS, freeze=True)
        self.requests = streams.start(SelectionRequest, REQUEST_FIELDS, freeze=True)
        self.assignments = streams.start(PokjaAssignment, ASSIGNMENT_FIELDS, freeze=True)
        self.members = streams.start(PokjaAssignmentMember, MEMBER_FIELDS, freeze=True)
        self.reviews = streams.start(Review, REVIEW_FIELDS, freeze=True)
        self.plans = streams.start(SelectionPlan, PLAN_FIELDS, freeze=True)
        self.milestones = streams.start(Milestone, MILESTONE_FIELDS, freeze=True)
        self.now, self.rng = now, rng
        self.year = now.year
        self.serial = 0
        self.cases, self.traces, self.package_type = cases, traces, package_type
        self.case_count = self.step_count = 0
        self.handed_over: dict[int, list[tuple]] = {}  # org id → performance.HANDED_OVER rows (the next phase's)
        self._status_cum = people.cumulative(w for _s, w in STATUSES)
        self._method_cum = people.cumulative(m[1] for m in METHODS)
        self._kind_cum = people.cumulative(w for _k, w in KINDS)
        self._funding_cum = people.cumulative(w for _f, w in FUNDING)
        self._returns_cum = people.cumulative(RETURNS)

    def _next(self, model) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def organization(
        self, org, agencies: list[tuple[int, str]], clock: WorkClock, *, count: int = PER_ORGANIZATION
    ) -> None:
        rng = self.rng
        codes = [code for _pk, code in agencies]
        agency_cum = people.cumulative(AGENCY_SHARES.get(code, 0.03) for code in codes)
        pokja = [org.staff[name] for name in POKJA if name in org.staff]
        specialist = org.staff.get("jabfung.ppbj") or org.staff["kepala.ukpbj"]
        head = org.staff["kepala.ukpbj"]
        start = datetime.datetime(self.year, 1, 6, 8, tzinfo=datetime.UTC)
        span = (self.now - start).total_seconds() - 3 * 86400
        # RUP imports come in batches early in the year, then a trickle: the package ids ascend with created_at.
        created = sorted(start + datetime.timedelta(seconds=span * rng.random() ** 2.2) for _ in range(count))
        for when in created:
            agency_id, code = rng.choices(agencies, cum_weights=agency_cum)[0]
            ppk_name, pa_name = officers(code)
            self._package(org, clock, rng, when, agency_id, org.staff.get(ppk_name), org.staff.get(pa_name), pokja,
                          specialist, head)  # fmt: skip

    def _package(self, org, clock, rng, created, agency_id, ppk, pa, pokja, specialist, head) -> None:
        self.serial += 1
        pk = self._next(Package)
        status = rng.choices(STATUSES, cum_weights=self._status_cum)[0][0]
        reached = status
        if status == S.CANCELLED:
            reached = rng.choice(ORDER[:4])
        stage = ORDER.index(reached)
        method, _share, low, high = rng.choices(METHODS, cum_weights=self._method_cum)[0]
        kind = rng.choices(KINDS, cum_weights=self._kind_cum)[0][0]
        if method == "selection":
            kind = "consultancy"
        elif kind == "consultancy" and method in ("tender", "quick_tender"):
            method = "selection"
        pagu = round(low * (high / low) ** rng.random(), -3)
        hps = round(pagu * rng.uniform(0.9, 1.0), -3) if stage >= 1 else None
        # the stage records, dated between the package's creation and now
        budget = (self.now - created).total_seconds()
        moments = sorted(created + datetime.timedelta(seconds=budget * rng.random()) for _ in range(20))
        times = iter(moments)
        planned = created.date() + datetime.timedelta(days=rng.randint(20, 120))
        name = f"{rng.choice(NAMES[kind])} {rng.choice(PLACES)} {rng.randint(1, 40)}"
        spse = ""
        pokja_process = method in POKJA_METHODS
        if stage >= 3 and pokja_process:
            spse = str(10_000_000 + self.serial)
        updated = moments[-1] if stage else created
        self.packages.add((
            pk, org.id, str(30_000_000 + self.serial), name, agency_id, org.staff_names.get(pa, ""), pa,
            org.staff_names.get(ppk, ""), ppk, kind, pagu, rng.choices(FUNDING, cum_weights=self._funding_cum)[0][0],
            method, rng.random() < 0.7, rng.random() < 0.4, self.year, planned,
            planned + datetime.timedelta(days=rng.randint(20, 60)),
            planned + datetime.timedelta(days=rng.randint(60, 200)),
            hps, spse, status, created, updated,
        ))  # fmt: skip
        story = _Story(stage=stage, cancelled=status == S.CANCELLED, updated=updated)
        if stage:
            self._records(org, rng, story, times, pk=pk, name=name, agency_id=agency_id, kind=kind, method=method,
                          pagu=pagu, hps=hps, ppk=ppk, pokja=pokja, specialist=specialist, head=head)  # fmt: skip
        self._cases(org, clock, pk, f"{30_000_000 + self.serial} {name}", story, pa=pa, head=head)

    def _cases(self, org, clock: WorkClock, pk: int, title: str, story: _Story, *, pa, head) -> None:
        """The SOP cases the package's history left, from the traces of the real engine."""
        events = history(stage=story.stage, depth=story.depth, rounds=tuple(story.rounds),
                         milestones=tuple(story.milestones), cancelled=story.cancelled)  # fmt: skip
        if not events:
            return
        happened = story.at
        if "approve_preparation" in events:  # no record of its own: halfway between the submission and what followed
            following = events[events.index("approve_preparation") + 1 :]
            later = happened[following[0]][0] if following and following[0] in happened else story.updated
            submitted = happened["submit_preparation"][0]
            happened["approve_preparation"] = (submitted + (later - submitted) / 2, pa or head)
        if story.cancelled:
            happened["cancel"] = (max([story.updated, *(moment for moment, _by in happened.values())]), head)
        times = {when: epoch(happened[when][0]) for when in events}
        actors = {when: happened[when][1] for when in events}
        for procedure, groups in groups_of(events).items():
            self.step_count += self.cases.write(
                self.traces[procedure][trace_key(groups)], times, org=org, procedure=procedure, title=title,
                subject_type=self.package_type, subject_id=pk, actors=actors, clock=clock,
            )  # fmt: skip
            self.case_count += 1

    def _records(self, org, rng, story, times, *, pk, name, agency_id, kind, method, pagu, hps, ppk, pokja, specialist,
                 head) -> None:  # fmt: skip
        """The stage records of a package past its planning, and its history (`story`) with who made it."""
        stage, happened = story.stage, story.at
        approved = stage >= 2
        for document in PreparationDocument.Kind:
            if approved:
                state = PreparationDocument.Status.APPROVED
            else:
                state = rng.choice((PreparationDocument.Status.SUBMITTED, PreparationDocument.Status.REVIEWED))
            reference = f"{rng.randint(10, 999)}/{document.value[:4].upper()}/{self.year}"
            submitted = next(times)
            self.documents.add((self._next(PreparationDocument), pk, document.value, state, reference, ppk or head,
                                submitted))  # fmt: skip
        happened["submit_preparation"] = (submitted, ppk or head)  # with its last document
        if stage < 2:
            return
        # selection preparation: how far inside it (0 approved only … 5 scheduled); later stages went all the way
        story.depth = depth = rng.randint(0, 5) if stage == 2 else 5
        if depth >= 1:
            requested = next(times)
            self.requests.add((self._next(SelectionRequest), pk, ITEMS, ppk or head, requested))
            happened["request_selection"] = (requested, ppk or head)
        members: list[int] = []
        if depth >= 2 and pokja:
            assignment = self._next(PokjaAssignment)
            assigned_at = next(times)
            decree = f"027/{rng.randint(100, 999)}/SK-POKJA/UKPBJ/{self.year}"
            self.assignments.add((assignment, pk, decree, assigned_at.date(), head, True, assigned_at))
            happened["assign_pokja"] = (assigned_at, head)
            members = rng.sample(pokja, min(POKJA_SIZE, len(pokja)))
            for user in members:
                self.members.add((self._next(PokjaAssignmentMember), assignment, user, True, "", True))
        if depth >= 3 and members:
            returned = rng.choices(range(len(RETURNS)), cum_weights=self._returns_cum)[0]
            complete = depth >= 4 or rng.random() < 0.3
            rounds = returned + (1 if complete else 0)
            for n in range(1, rounds + 1):
                outcome = Review.Outcome.COMPLETE if complete and n == rounds else Review.Outcome.RETURNED
                at = next(times)
                again = (
                    next(times) if outcome == Review.Outcome.RETURNED and (n < rounds or rng.random() < 0.5) else None
                )
                findings = rng.choice(FINDINGS) if outcome == Review.Outcome.RETURNED else ""
                reviewer = rng.choice(members)
                self.reviews.add((self._next(Review), pk, n, outcome, findings, reviewer, at, again))
                story.rounds.append((outcome == Review.Outcome.COMPLETE, again is not None))
                happened["complete_review" if outcome == Review.Outcome.COMPLETE else f"return_documents{n}"] = (
                    at,
                    reviewer,
                )
                if again is not None:
                    happened[f"resubmit_documents{n}"] = (again, ppk or head)
        if depth >= 4 and members:
            decided = next(times)
            scheduled = depth >= 5
            day = decided.date()
            dates = (
                (day + datetime.timedelta(days=3), day + datetime.timedelta(days=17), day + datetime.timedelta(days=30),
                 day + datetime.timedelta(days=40)) if scheduled else (None, None, None, None)
            )  # fmt: skip
            consultancy = kind == "consultancy"
            decider, scheduler = rng.choice(members), rng.choice(members) if scheduled else None
            self.plans.add((
                self._next(SelectionPlan), pk, method, "pre" if consultancy else "post",
                "quality_cost" if consultancy else "lowest_price", "two_files" if consultancy else "one_file",
                decider, decided, *dates, scheduler,
            ))  # fmt: skip
            happened["decide_methods"] = (decided, decider)
            if scheduled:
                happened["set_schedule"] = (decided, scheduler)
        if stage < 3:
            return
        value = round((hps or pagu) * rng.uniform(0.85, 0.99), -3)
        kinds = [Milestone.Kind.ANNOUNCED]
        if stage >= 4 or rng.random() < 0.4:
            kinds.append(Milestone.Kind.SELECTION_RESULT)
        if stage >= 4:
            kinds += [Milestone.Kind.SPPBJ, Milestone.Kind.CONTRACT]
        if stage >= 5:
            kinds.append(Milestone.Kind.HANDOVER)
        number = ""
        for milestone in kinds:
            at = next(times, self.now)
            by = {
                Milestone.Kind.ANNOUNCED: specialist,
                Milestone.Kind.SELECTION_RESULT: members[0] if members else head,
            }
            shown = value if milestone in (Milestone.Kind.SELECTION_RESULT, Milestone.Kind.SPPBJ,
                                           Milestone.Kind.CONTRACT) else None  # fmt: skip
            reference = f"{rng.randint(1, 999)}/{milestone.value[:5].upper()}/{self.year}"
            recorder = by.get(milestone, ppk or head)
            self.milestones.add((self._next(Milestone), pk, milestone.value, at.date(), reference, shown, recorder,
                                 at))  # fmt: skip
            story.milestones.append(milestone)
            if milestone == Milestone.Kind.ANNOUNCED:  # the Pokja started the selection (announced in SPSE)
                happened["start_selection"] = (at, members[0] if members else head)
            elif moved := MOVED_BY.get(milestone):
                happened[moved] = (at, recorder)
            if milestone == Milestone.Kind.CONTRACT:
                number = reference
            elif milestone == Milestone.Kind.HANDOVER:
                self.handed_over.setdefault(org.id, []).append(
                    (pk, name, agency_id, ppk, kind, method, at.date(), at, number, value, ppk or head)
                )
