"""Demo SOP data: the three organisations of the seeds (Salatiga, Pagar Alam, Batang), each with its SOPs from the
catalogue in force, the procedures bound (copying another organisation's SOP where its own seeds lack one), and a
history of cases run through every branch over the past weeks, so the compliance report has real figures.

Idempotent: SOPs already present are left alone; demo cases are made once per organisation.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time

from sopan.accounts.demo import ensure_organizations  # noqa: F401 (the demo organisations, for tests and scripts)
from sopan.accounts.models import Organization, RoleAssignment
from sopan.core.selectors import calendar_for
from sopan.sop import coverage, definition, demo_texts, policies
from sopan.sop.models import Case, ProcedureBinding, Sop, SopVersion, StepRecord
from sopan.sop.services import cases, versions

# Each demo organisation adopts, from another's catalogue, the procedures its own seeds lack.
# The SOPs the domain modules run are Pagar Alam's: a procurement package's stages and its availability analysis
# (procurement's module.py), the vendor's performance record (performance), the coaching of vendors (coaching),
# the risk register (risks) and the unit's performance (indicators).
MODULE_SOPS = [("pagar-alam", key) for key in ("perencanaan-pengadaan", "persiapan-pengadaan",
                                               "persiapan-pemilihan-penyedia", "proses-utama-pbj",
                                               "analisa-ketersediaan-pelaku-usaha", "pencatatan-kinerja-penyedia",
                                               "pembinaan-pelaku-usaha", "pengelolaan-risiko",
                                               "manajemen-risiko-strategis", "pengelolaan-kinerja")]  # fmt: skip
ADOPTIONS = {
    "salatiga": [
        ("pagar-alam", "rekrutmen-registrasi-penyedia"),
        ("batang", "penanganan-permasalahan-telepon"),
        *MODULE_SOPS,
    ],
    "batang": [("pagar-alam", "rekrutmen-registrasi-penyedia"), *MODULE_SOPS],
    "pagar-alam": [("batang", "penanganan-permasalahan-telepon")],
}
ADOPTED_APPROVER = {"salatiga": "Kepala LPSE Kota Salatiga", "batang": "Ketua LPSE", "pagar-alam": "Kepala UKPBJ"}
CASE_WEEKS = 6


def _in_force(organization, text: str, *, source: str, by=None) -> SopVersion:
    version = versions.sop_import(organization=organization, text=text, by=None, source=source)
    versions.version_submit(version=version, by=None)
    versions.version_approve(version=version, by=by)
    return versions.version_make_effective(version=version, by=None, on=version.parsed.identity.effective_on)


@transaction.atomic
def _ensure_own_sops(organization) -> None:
    """The organisation's own SOPs of the catalogue (seeds), in force."""
    for item in definition.load_catalogue().get(organization.slug, []):
        if not Sop.objects.filter(organization=organization, key=item.key).exists():
            _in_force(organization, item.to_yaml(), source=f"catalogue/{organization.slug}/{item.key}.yaml")


def _ensure_adopted_sops(organization) -> None:
    """The SOPs the organisation adopts from another demo organisation (whose own SOPs are put in force first)."""
    for origin_slug, key in ADOPTIONS.get(organization.slug, []):
        if Sop.objects.filter(organization=organization, key=key).exists():
            continue
        origin = Organization.objects.get(slug=origin_slug)
        _ensure_own_sops(origin)
        source = SopVersion.objects.get(organization=origin, sop__key=key, status=SopVersion.Status.EFFECTIVE)
        _adopt(organization, source, approver_position=ADOPTED_APPROVER[organization.slug])


def _ensure_bindings(organization) -> None:
    for sop in Sop.objects.filter(organization=organization):
        for procedure in _procedures_served_by(sop.key):
            if not ProcedureBinding.objects.filter(organization=organization, procedure=procedure).exists():
                versions.procedure_bind(organization=organization, procedure=procedure, sop=sop, by=None)


def ensure_sops(organizations: dict[str, Organization]) -> None:
    for step in (_ensure_own_sops, _ensure_adopted_sops, _ensure_bindings):
        for organization in organizations.values():
            step(organization)


# The organisation's own regulation, cited in an adopted SOP instead of the other region's (adoption.NOT_RENAMED).
OWN_REGULATION = {
    "salatiga": "Peraturan Wali Kota Salatiga Nomor 41 Tahun 2024 tentang Layanan Pengadaan Secara Elektronik",
}


def _adopt(organization, source: SopVersion, *, approver_position: str) -> SopVersion:
    """Adopt another organisation's SOP as an SOP administrator would: copy it (numbered in the organisation's
    scheme), put the organisation's own name in the texts that name the origin ("website LPSE Kota Pagar Alam" →
    "website LPSE Kota Salatiga"), cite its own regulation instead of the other region's, name its own approver,
    then submit, approve and put it in force."""
    from sopan.sop import adoption

    draft = versions.sop_copy(source=source, organization=organization, by=None)
    draft = versions.adoption_replace_names(version=draft, by=None)
    foreign = {int(f.path.split(".")[2]) for f in adoption.open_flags(draft) if f.path.startswith("identity.legal")}
    adapted = draft.parsed
    legal_basis = [text for i, text in enumerate(adapted.identity.legal_basis) if i not in foreign]
    if foreign and organization.slug in OWN_REGULATION:
        legal_basis.append(OWN_REGULATION[organization.slug])
    identity = replace(
        adapted.identity,
        legal_basis=tuple(legal_basis),
        approved_by=definition.Person(position=approver_position),
    )
    versions.version_update(version=draft, text=replace(adapted, identity=identity).to_yaml(), by=None)
    versions.version_submit(version=draft, by=None)
    approver = _holder(organization, policies.approver_roles(approver_position))
    versions.version_approve(version=draft, by=approver)
    return versions.version_make_effective(version=draft, by=None)


def _procedures_served_by(key: str) -> list[str]:
    from sopan.sop import procedures

    return [p.code for p in procedures.CATALOGUE if p.reference_sop == key]


def _holder(organization, role_codes, *, on: dt.date | None = None):
    """The first active user (by user ID) of the organisation who holds one of the roles on the day (today by
    default): one query."""
    holding = RoleAssignment.objects.active(on=on or timezone.localdate()).filter(role__in=list(role_codes))
    return organization.users.filter(is_active=True, pk__in=holding.values("user")).order_by("username").first()


def ensure_cases(organization: Organization, *, seed: int = 2026) -> int:
    """Run every SOP in force of the organisation through every branch, once per plan, spread over past weeks:
    most steps on time, some late with a justification. Returns the number of cases made (0 if already made)."""
    if Case.objects.filter(organization=organization).exists():
        return 0
    rng = random.Random(f"{seed}:{organization.slug}")  # noqa: S311 - demo data, not security
    calendar = calendar_for(organization)
    start_day = timezone.localdate() - dt.timedelta(weeks=CASE_WEEKS)
    holders = _Holders(organization)
    made = 0
    effective = SopVersion.objects.filter(organization=organization, status=SopVersion.Status.EFFECTIVE).order_by(
        "title"
    )
    for version in effective:
        plans = coverage.covering_plans(version.parsed)
        titles = demo_texts.case_titles(
            organization, sop_key=version.sop.key, sop_title=version.title, year=timezone.localdate().year
        )
        for plan in plans * (2 if len(plans) < 3 else 1):
            moment = calendar.next_working_instant(
                timezone.make_aware(
                    dt.datetime.combine(
                        start_day + dt.timedelta(days=rng.randrange(0, 7 * (CASE_WEEKS - 1))), dt.time(8)
                    )
                )
            )
            _run(organization, version, plan, moment, rng, calendar, holders, title=next(titles))
            made += 1
        # and one case under way, started yesterday, so "Tugas saya" has work in it (some of it overdue)
        yesterday = calendar.next_working_instant(timezone.now() - dt.timedelta(days=1))
        _run(
            organization,
            version,
            {},
            min(yesterday, timezone.now()),
            rng,
            calendar,
            holders,
            title=next(titles),
            steps=2,
        )
        made += 1
    return made


class _Holders:
    """Who acts for a set of roles in the demo's cases: the first holder today (`_holder`), looked up once per set
    for the whole history (no role changes hands while it is made), the same person object each time."""

    def __init__(self, organization):
        self._organization = organization
        self._today = timezone.localdate()
        self._found: dict[frozenset[str], object] = {}

    def __call__(self, role_codes):
        key = frozenset(role_codes)
        if key not in self._found:
            self._found[key] = _holder(self._organization, key, on=self._today)
        return self._found[key]


def _run(organization, version, plan, moment, rng, calendar, holders, *, title: str, steps: int = 200) -> None:
    """One case, each step completed at its own moment of the past. One clock is frozen for the whole case and moved
    from moment to moment (freezegun's start walks every loaded module; moving it does not): the people holding the
    roles, and the cap of every moment, are those of the real today."""
    parsed = version.parsed
    real_now = timezone.now()
    starter = holders(policies.lane_roles(parsed.lane(parsed.start_steps[0].lanes[0])))
    with freeze_time(moment) as clock:
        case = cases.case_start(version=version, title=title, by=starter)
        visits: dict[str, int] = {}
        now = moment
        for _ in range(steps):
            record = (
                StepRecord.objects.filter(case=case, status=StepRecord.Status.OPEN).order_by("opened_at", "id").first()
            )
            if record is None:
                break
            step = parsed.step(record.step_key)
            late = rng.random() < 0.15
            if record.due_at is not None:
                span = record.due_at - record.opened_at
                now = (
                    record.due_at + span * rng.uniform(0.1, 0.6)
                    if late
                    else record.opened_at + span * rng.uniform(0.2, 0.9)
                )
            else:
                now = calendar.add(now, dt.timedelta(minutes=rng.randrange(10, 240)))
            now = min(now, real_now)
            actor = holders(record.role_codes)
            clock.move_to(now)
            cases.step_complete(
                record=record,
                by=actor,
                exit_label=coverage.choose(parsed, step, plan, visits) if step.is_decision else "",
                checklist=list(step.requirements),
                justification=demo_texts.late_reason(step_key=step.key, step_text=step.text, rng=rng)
                if late and record.due_at is not None
                else "",
            )


def seed(organization: Organization) -> None:
    """The demo SOP data of one demo organisation (sop's `demo` in module.py, run by `seed_demo`): its SOPs in force,
    those it adopts, its procedures bound, and its history of cases."""
    _ensure_own_sops(organization)
    _ensure_adopted_sops(organization)
    _ensure_bindings(organization)
    with transaction.atomic():
        ensure_cases(organization)
