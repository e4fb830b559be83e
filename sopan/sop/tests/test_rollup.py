"""The compliance report's aggregates (sop/rollup.py, issue 21 goal 4) against the direct computation.

Random histories run through the real services: the small SOP's loop (3 periksa → 4 lengkapi → 3 periksa, so a case
reaches a step more than once), parallel branches meeting at a join, the domain API's jumps (open steps skipped) and
cases closed early, late steps with their justifications, steps done across midnight in the organisation's zone, and
a case of another organisation. For every filter (SOP, lane role, periods of one day, of a few days, open at either
end) the report summed from the aggregates gives exactly the figures counted from the records themselves.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import random
import zoneinfo
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from freezegun import freeze_time

from sopan.accounts.models import OrgUnit, RoleAssignment
from sopan.accounts.services import organization_update
from sopan.sop import api, policies, rollup
from sopan.sop.models import StepDay, StepRecord, StepVisit
from sopan.sop.selectors_compliance import compliance_report_of, percentile, percentile_of_counts
from sopan.sop.services import cases, versions
from sopan.sop.tests import factories
from sopan.sop.tests.rollup_writes import AggregateWrites

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
FIRST_DAY = datetime.datetime(2025, 3, 3, 7, 0, tzinfo=WIB)  # a Monday
ROLES = ("registration_officer", "verifier", "vendor_admin", "lpse_head", "auditor")

PARALLEL = """
format: sopan-sop/1
key: paralel
identity: {title: SOP Paralel, approved_by: {position: Kepala LPSE}}
lanes:
- {key: tim, name: Tim Pembinaan, roles: [lpse_head]}
- {key: verifikator, name: Verifikator, roles: [verifier]}
steps:
- {key: mulai, number: '1', text: Arahan, symbol: start, lanes: [tim], time: 30 menit, next: [a, b]}
- {key: a, number: 2a, text: A, symbol: process, lanes: [tim], time: 2 jam, next: lapor}
- {key: b, number: 2b, text: B, symbol: process, lanes: [verifikator], time: 1 jam, next: lapor}
- {key: lapor, number: '3', text: Lapor, symbol: end, lanes: [tim], join: true}
"""

# the domain API's registration SOP, its decision with a standard (so late verifications are counted)
REGISTRATION = factories.REGISTRATION.replace("  exits: [{label: Ya", "  time: 1 jam\n  exits: [{label: Ya")
assert "time: 1 jam" in REGISTRATION


# --- the direct computation --------------------------------------------------------------------------------------
def direct(organization, *, sop=None, role="", date_from=None, date_to=None):
    """The report's figures counted from every record of the organisation, one by one."""
    tz = zoneinfo.ZoneInfo(organization.timezone)
    steps = defaultdict(lambda: {"cases": set(), "done": 0, "standard": 0, "on_time": 0, "deviations": 0, "work": []})
    per_sop = defaultdict(set)
    deviations = set()
    for record in StepRecord.objects.filter(organization=organization).select_related("case"):
        day = (record.completed_at or record.opened_at).astimezone(tz).date()
        if (date_from and day < date_from) or (date_to and day > date_to):
            continue
        if (sop is not None and record.case.sop_id != sop.pk) or (role and f"|{role}|" not in record.roles):
            continue
        step = steps[record.case.sop_id, record.step_key]
        step["cases"].add(record.case_id)
        per_sop[record.case.sop_id].add(record.case_id)
        if record.status == "done":
            step["done"] += 1
            if record.due_at is not None:
                step["standard"] += 1
                step["on_time"] += bool(record.on_time)
            if record.work_seconds is not None:
                step["work"].append(rollup.shown_seconds(record.work_seconds))
            if record.on_time is False or record.justification:
                step["deviations"] += 1
                deviations.add((record.case_id, record.step_number, record.completed_at))
    figures = {
        key: (
            len(s["cases"]),
            s["done"],
            s["standard"],
            s["on_time"],
            s["deviations"],
            percentile(s["work"], 0.5),
            percentile(s["work"], 0.9),
        )
        for key, s in steps.items()
    }
    return figures, {sop_id: len(ids) for sop_id, ids in per_sop.items()}, deviations


def reported(organization, **filters):
    report = compliance_report_of(organization, **filters)
    figures = {
        (row.sop_id, row.step_key): (
            row.cases,
            row.done,
            row.with_standard,
            row.on_time,
            row.deviations,
            row.median_seconds,
            row.p90_seconds,
        )
        for section in report.sections
        for row in section.rows
    }
    assert report.deviations_total == len(report.deviations)
    deviations = {(d.case_id, d.step_number, d.completed_at) for d in report.deviations}
    return figures, {section.sop_id: section.cases for section in report.sections}, deviations


def assert_same(organization, **filters):
    want, have = direct(organization, **filters), reported(organization, **filters)
    assert rounded(have[0]) == rounded(want[0]), filters
    assert have[1:] == want[1:], filters


def rounded(figures):
    """Percentiles interpolated in another order of operations differ in the last bits."""
    return {key: tuple(round(v, 6) if isinstance(v, float) else v for v in values) for key, values in figures.items()}


# --- random histories --------------------------------------------------------------------------------------------
class History:
    """Cases run at random instants through the services, each one's clock moving forward."""

    def __init__(self, rng: random.Random, people, clock):
        self.rng, self.people, self.clock = rng, people, clock  # one frozen clock, moved (freezing anew is slow)

    def at(self, when: datetime.datetime):
        self.clock.move_to(when)
        return contextlib.nullcontext()

    def later(self, when: datetime.datetime) -> datetime.datetime:
        # minutes to a day and a half: some steps end the next day, some after midnight in WIB (17.00 UTC)
        return when + datetime.timedelta(minutes=self.rng.choice([1, 7, 25, 90, 240, 600, 1000, 2100]))

    def complete(self, case, key, when, **kwargs):
        with self.at(when):
            record = case.steps.get(step_key=key, status="open")
            allowed = [person for person in self.people.values() if policies.can_complete_step(person, record)]
            by = self.rng.choice(allowed)
            try:
                return cases.step_complete(record=record, by=by, **kwargs)
            except ValidationError as error:  # late: the executor accounts for it
                assert "justification" in error.message_dict, error
                return cases.step_complete(record=record, by=by, **{**kwargs, "justification": "Antrean panjang"})

    def small(self, version, title, when):
        with self.at(when):
            case = cases.case_start(version=version, title=title, by=self.people["registration_officer"])
        when = self.later(when)
        self.complete(case, "ajukan", when)
        when = self.later(when)
        checklist = factories_requirements() if self.rng.random() < 0.7 else factories_requirements()[:1]
        justification = "" if len(checklist) == 2 else "KTP menyusul"
        self.complete(case, "terima", when, checklist=checklist, justification=justification)
        for _round in range(self.rng.choice([0, 1, 2])):
            when = self.later(when)
            self.complete(case, "periksa", when, exit_label="Tidak")
            if self.rng.random() < 0.2:
                return  # still waiting for the vendor (4 lengkapi open)
            when = self.later(when)
            self.complete(case, "lengkapi", when)
        if self.rng.random() < 0.2:
            return  # waiting at 3 periksa
        when = self.later(when)
        self.complete(case, "periksa", when, exit_label="Ya")
        when = self.later(when)
        self.complete(case, "setujui", when)

    def parallel(self, version, title, when):
        with self.at(when):
            case = cases.case_start(version=version, title=title, by=self.people["lpse_head"])
        when = self.later(when)
        self.complete(case, "mulai", when)
        for key in self.rng.sample(["a", "b"], 2):  # in either order, the second one perhaps days later
            when = self.later(when)
            self.complete(case, key, when)
        if self.rng.random() < 0.7:
            self.complete(case, "lapor", self.later(when))

    def domain(self, subject, organization, when):
        """The domain API: steps recorded as a module does them, jumping ahead (skipping what is open), and
        perhaps the case closed before its end."""
        by = self.people["verifier"]
        plans = [
            [api.StepDone("terima-berkas"), api.StepDone("verifikasi-berkas", exit="Tidak")],
            [api.StepDone("verifikasi-berkas", exit="Ya")],
            [api.StepDone("setujui")],  # a jump: 2 verifikasi-berkas is skipped
            [api.StepDone("arsipkan")],
        ]
        for steps in plans[: self.rng.randint(1, len(plans))]:
            when = self.later(when)
            with self.at(when), transaction.atomic():
                api.record_steps(
                    subject=subject, organization=organization, procedure="vendor_registration", steps=steps, by=by
                )
        if self.rng.random() < 0.5:
            with self.at(self.later(when)), transaction.atomic():
                api.close_case(subject=subject, procedure="vendor_registration", by=by, reason="Kedaluwarsa")


def factories_requirements():
    return ["Formulir pendaftaran", "KTP direktur"]


@pytest.fixture
def people(organization, personas):
    people = {name: personas[name] for name in ("lpse_head", "verifier", "registration_officer")}
    RoleAssignment.objects.update(valid_from=datetime.date(2025, 1, 1))  # the cases run in 2025
    return people


@pytest.fixture
def histories(organization, other_organization, people, personas):
    small = factories.effective_version(organization)
    parallel = factories.effective_version(organization, PARALLEL)
    registration = factories.effective_version(organization, REGISTRATION)
    versions.procedure_bind(
        organization=organization, procedure="vendor_registration", sop=registration.sop, by=people["lpse_head"]
    )
    subjects = [
        OrgUnit.objects.create(organization=organization, code=f"U{n}", name=f"Unit {n}", kind="lpse") for n in range(6)
    ]
    rng = random.Random(20250303)
    freezer = freeze_time(FIRST_DAY)
    history = History(rng, people, freezer.start())
    try:  # a failure here must not leave the clock frozen for the tests after it
        for n in range(14):
            when = FIRST_DAY + datetime.timedelta(days=rng.randrange(10), minutes=rng.randrange(0, 12 * 60))
            history.small(small, f"CV Kasus {n}", when)
        for n in range(5):
            history.parallel(
                parallel, f"Pembinaan {n}", FIRST_DAY + datetime.timedelta(days=rng.randrange(10), hours=3)
            )
        for subject in subjects:
            history.domain(subject, organization, FIRST_DAY + datetime.timedelta(days=rng.randrange(10), hours=1))
        # another organisation's case on the same days: never in Salatiga's figures
        other = factories.effective_version(other_organization)
        history.at(FIRST_DAY)
        cases.case_start(version=other, title="CV Batang", by=personas["outsider"])
    finally:
        freezer.stop()
    return {"small": small, "parallel": parallel, "registration": registration}


def periods(rng: random.Random):
    days = [(FIRST_DAY + datetime.timedelta(days=n)).date() for n in range(-1, 16)]
    yield None, None
    for _ in range(12):
        a, b = sorted(rng.sample(days, 2))
        yield a, b
        yield a, a
        yield a, None
        yield None, b


# --- the tests -----------------------------------------------------------------------------------------------------
def test_every_filter_gives_the_figures_counted_from_the_records(organization, histories):
    assert StepRecord.objects.filter(organization=organization).count() > 100
    looped = StepVisit.objects.filter(organization=organization, step_key="periksa", since__gt=StepVisit.NEVER)
    assert looped.exists(), "the histories should reach a step twice in some case"
    assert rollup.differences(organization) == []
    rng = random.Random(7)
    for date_from, date_to in periods(rng):
        assert_same(organization, date_from=date_from, date_to=date_to)
    for role in ROLES:
        assert_same(organization, role=role)
        a, b = sorted(rng.sample([(FIRST_DAY + datetime.timedelta(days=n)).date() for n in range(12)], 2))
        assert_same(organization, role=role, date_from=a, date_to=b)
    for version in histories.values():
        assert_same(organization, sop=version.sop)
        assert_same(organization, sop=version.sop, role="verifier", date_from=FIRST_DAY.date())


def test_a_rebuild_gives_back_the_same_aggregates(organization, histories):
    kept = rollup.stored(organization)
    assert rollup.rebuild(organization) > 0
    assert rollup.stored(organization) == kept


def test_records_changed_behind_the_services_back_are_found_and_a_rebuild_repairs_them(organization, histories):
    StepRecord.objects.filter(organization=organization, status="done").update(justification="diubah di SQL")
    found = rollup.differences(organization)
    assert found and all("deviations" in line for line in found)
    rollup.rebuild(organization)
    assert rollup.differences(organization) == []
    assert_same(organization)


def test_a_new_time_zone_moves_records_to_its_days(organization, histories, people):
    organization_update(organization=organization, by=people["lpse_head"], timezone="Asia/Jayapura")
    organization.refresh_from_db()
    assert rollup.differences(organization) == []
    assert_same(organization, date_from=(FIRST_DAY + datetime.timedelta(days=2)).date())
    assert_same(organization, date_from=FIRST_DAY.date(), date_to=(FIRST_DAY + datetime.timedelta(days=4)).date())


def test_the_report_reads_the_aggregates_not_the_records(organization, histories, django_assert_max_num_queries):
    """Summed from per-day rows: fewer rows than records, and the same five queries whatever the period holds."""
    assert (
        StepDay.objects.filter(organization=organization).count()
        < StepRecord.objects.filter(organization=organization).count()
    )
    with django_assert_max_num_queries(5):
        compliance_report_of(organization, deviations_limit=20)


@pytest.mark.parametrize("seed", range(20))
def test_percentiles_from_counts_equal_those_of_the_values(seed):
    rng = random.Random(seed)
    values = [rng.choice([0, 30, 60, 60, 120, 600, 3600, 7260]) for _ in range(rng.randint(1, 40))]
    counts = sorted((value, values.count(value)) for value in set(values))
    for q in (0, 0.1, 0.5, 0.9, 1):
        assert percentile_of_counts(counts, q) == pytest.approx(percentile(values, q))
    assert percentile_of_counts([], 0.5) is None


def test_working_time_is_counted_as_the_report_shows_it():
    assert [rollup.shown_seconds(s) for s in (0, 59, 60, 89, 90, 149, 3629, 3630)] == [
        0,
        59,
        60,
        60,
        120,
        120,
        3600,
        3660,
    ]


def test_operators_check_and_rebuild_them_from_the_command_line(organization, histories):
    out = io.StringIO()
    call_command("compliance_aggregates", "check", "--organization", organization.slug, stdout=out)
    assert "match" in out.getvalue()
    StepRecord.objects.filter(organization=organization, status="done").update(on_time=None)  # by hand in SQL
    out = io.StringIO()
    with pytest.raises(CommandError, match="differences"):
        call_command("compliance_aggregates", "check", stdout=out)
    assert "on_time" in out.getvalue()
    out = io.StringIO()
    call_command("compliance_aggregates", "rebuild", "--organization", organization.slug, stdout=out)
    assert "rows rebuilt" in out.getvalue()
    assert rollup.differences(organization) == []
    with pytest.raises(CommandError, match="slug"):
        call_command("compliance_aggregates", "check", "--organization", "tidak-ada")


# --- the harness's watch (conftest `_audit_guard`) ----------------------------------------------------------------
def _watched(action) -> bool:
    """Whether `AggregateWrites` notes `action`'s statements as able to change what the aggregates should be."""
    from django.db import connection

    writes = AggregateWrites()
    with connection.execute_wrapper(writes):
        action()
    return writes.seen


def test_the_harness_compares_the_aggregates_after_every_test_that_wrote_what_they_are_made_of(organization, personas):
    version = factories.effective_version(organization)
    case = _watched_case_start(version, personas["lpse_head"])
    records = StepRecord.objects.filter(case=case)
    # reads, and writes of anything else, cannot change them
    assert not _watched(lambda: list(records.values_list("id", "status")))
    assert not _watched(lambda: OrgUnit.objects.create(organization=organization, code="X", name="X", kind="lpse"))
    assert not _watched(lambda: StepDay.objects.filter(organization=organization).count())
    # every write to the records or the aggregates, by the ORM or in SQL, does
    assert _watched(lambda: records.update(justification="diubah"))
    assert _watched(lambda: StepRecord.objects.bulk_create([StepRecord(**_copy_of(records.first()))]))
    assert _watched(lambda: records.filter(status="open").delete())
    assert _watched(lambda: rollup.rebuild(organization))
    assert _watched(lambda: StepVisit.objects.filter(organization=organization).update(cases=7))
    # and so does a change of what places them: the case's version, the organisation's time zone
    assert _watched(lambda: type(case).objects.filter(pk=case.pk).update(title="Judul baru"))
    assert _watched(lambda: type(organization).objects.filter(pk=organization.pk).update(timezone="Asia/Jayapura"))
    assert _watched(lambda: _sql(f"DELETE FROM {type(case)._meta.db_table} WHERE id = -1"))
    rollup.rebuild(organization)  # what the writes above did behind the services' back, repaired for the harness


def _watched_case_start(version, by):
    """A case started through the service, which writes its first records: noted too."""
    started = {}
    assert _watched(lambda: started.update(case=cases.case_start(version=version, title="CV Awas", by=by)))
    return started["case"]


def _sql(statement: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement)


def _copy_of(record) -> dict:
    fields = {field.attname: getattr(record, field.attname) for field in StepRecord._meta.concrete_fields}
    fields.pop("id")
    return fields | {"step_key": "salinan"}
