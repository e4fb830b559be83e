"""Vendors: per registration its admin user, company, application, the vendor role once approved, the documents of
applications still in the procedure, and the SOP case of SOP Rekrutmen dan Registrasi Penyedia.

Statuses follow a real LPSE: most applications approved (some after a completion request, some registered at the
desk), some rejected or expired, about one in eleven still in the procedure, of which a few hundred per organisation
in the verifier's queue. Registrations made before the organisation went live with Sopan (the older ones, at national
scale) were imported from SPSE and have no SOP case: the step-record budget of the scale decides where that line is.
"""

from __future__ import annotations

import datetime
import json
import random

from benchmarks.datagen import identity, people
from benchmarks.datagen.bulk import Streams
from benchmarks.datagen.cases import CaseWriter
from benchmarks.datagen.clock import DAY, WorkClock, as_datetime
from benchmarks.datagen.regions import REGIONS, Region
from benchmarks.datagen.registrations import (
    ALL_SCENARIOS,
    COMPLETION_ITEMS,
    COMPLETION_NOTE,
    DOCUMENT_FILE,
    OPEN_SCENARIOS,
    OPEN_SHARE,
    REJECTIONS,
    SCENARIO_GROUPS,
    SCENARIOS,
    SLOT_HOURS,
    cumulative_shares,
    last_day,
    slot_time,
    timeline,
)
from benchmarks.datagen.traces import Trace
from sopan.accounts.models import RoleAssignment, User
from sopan.vendors.models import AppointmentSlot, Company, Document, Registration

USER_FIELDS = (
    "id",
    "password",
    "last_login",
    "username",
    "email",
    "is_active",
    "date_joined",
    "organization_id",
    "full_name",
    "phone",
)
ROLE_FIELDS = (
    "id",
    "organization_id",
    "user_id",
    "role",
    "unit_id",
    "valid_from",
    "valid_to",
    "end_reason",
    "created_at",
)
COMPANY_FIELDS = (
    "id",
    "organization_id",
    "name",
    "legal_form",
    "npwp",
    "nib",
    "kbli",
    "address",
    "province",
    "regency",
    "postal_code",
    "phone",
    "email",
    "admin_name",
    "admin_nik",
    "admin_position",
    "admin_user_id",
    "status",
    "status_reason",
    "activated_at",
    "created_at",
)
REGISTRATION_FIELDS = (
    "id",
    "organization_id",
    "number",
    "applicant_kind",
    "user_id",
    "company_id",
    "status",
    "registered_at_desk",
    "submitted_at",
    "slot_id",
    "received_at",
    "received_by_id",
    "brought_by",
    "verifier_id",
    "completion_items",
    "completion_note",
    "decided_at",
    "decided_by_id",
    "rejection_reason",
    "decision_note",
    "version",
)
DOCUMENT_FIELDS = (
    "id",
    "registration_id",
    "requirement_id",
    "file",
    "name",
    "content_type",
    "size",
    "sha256",
    "uploaded_at",
    "uploaded_by_id",
    "verdict",
    "verdict_note",
    "checked_at",
    "checked_by_id",
)
SLOT_FIELDS = ("id", "organization_id", "starts_at", "ends_at", "mode", "capacity", "location")


class Vendor:
    __slots__ = ("company", "company_id", "email", "nib", "npwp", "number", "registration_id", "status", "user_id")


class VendorWriter:
    """Writes the vendors of one organisation after another into the open streams."""

    def __init__(
        self,
        streams: Streams,
        cases: CaseWriter,
        traces: dict[str, Trace],
        *,
        ids: dict[str, int],
        now: int,
        rng: random.Random,
        password_hash: str,
        registration_type: int,
        document_file: tuple[int, str],
    ):
        self.users = streams.start(User, USER_FIELDS)
        self.roles = streams.start(RoleAssignment, ROLE_FIELDS)
        self.companies = streams.start(Company, COMPANY_FIELDS, freeze=True)
        self.registrations = streams.start(Registration, REGISTRATION_FIELDS, freeze=True)
        self.documents = streams.start(Document, DOCUMENT_FIELDS, freeze=True)
        self.slots = streams.start(AppointmentSlot, SLOT_FIELDS, freeze=True)
        self.case_writer, self.traces = cases, traces
        self.ids, self.now, self.rng = ids, now, rng
        self.password = password_hash
        self.registration_type = registration_type
        self.file_size, self.file_sha = document_file
        self.steps = self.cases = self.global_index = 0
        self.active: dict[int, list[tuple[int, int]]] = {}  # org id → (company id, admin user id), a sample
        self._names, self._cum = list(SCENARIOS), cumulative_shares(SCENARIOS)
        self._open_names, self._open_cum = list(OPEN_SCENARIOS), cumulative_shares(OPEN_SCENARIOS)

    def _next(self, name: str) -> int:
        value = self.ids[name]
        self.ids[name] = value + 1
        return value

    def organization(self, org, clock: WorkClock, *, count: int, first_day: int, case_share: float) -> list[tuple]:
        """Write `count` registrations of `org`; return a sample of approved vendors (who may call the helpdesk):
        user id, name, e-mail, company."""
        rng, today = self.rng, last_day(clock, self.now)
        slot_base = self.ids["slot"]
        self._slots(org, clock, first_day, min(today + 15, len(clock.opens) - 1))
        open_count = min(count, max(round(count * OPEN_SHARE), 1))
        cutoff = clock.opens[today - int((today - first_day) * case_share)]
        sample: list[tuple] = []
        duplicate_of = None
        for n in range(count):
            if n < open_count:
                scenario = rng.choices(self._open_names, cum_weights=self._open_cum)[0]
            else:
                scenario = rng.choices(self._names, cum_weights=self._cum)[0]
            status = ALL_SCENARIOS[scenario][0]
            times, slot_day = timeline(rng, clock, scenario, first_day, today, self.now)
            slot_k = rng.randrange(len(SLOT_HOURS))
            slot_id = None if slot_day is None else slot_base + (slot_day - first_day) * len(SLOT_HOURS) + slot_k
            verifier = rng.choice((org.staff["verifikator"], org.staff["verifikator2"]))
            vendor = self._write(org, clock, scenario, status, times, slot_id, verifier, duplicate_of)
            if status == "approved" and vendor.status in ("active", "suspended"):
                duplicate_of = (vendor.npwp, vendor.nib)
                if len(sample) < 300:
                    sample.append((vendor.user_id, vendor.company))
                    self.active.setdefault(org.id, []).append((vendor.company_id, vendor.user_id))
            if n < open_count or min(times.values()) >= cutoff:
                actors = {"vendor": vendor.user_id, "officer": org.staff["petugas.registrasi"], "verifier": verifier}
                self.steps += self.case_writer.write(
                    self.traces[scenario],
                    times,
                    org=org,
                    procedure="vendor_registration",
                    title=f"{vendor.number} {vendor.company}",
                    subject_type=self.registration_type,
                    subject_id=vendor.registration_id,
                    actors=actors,
                    clock=clock,
                )
                self.cases += 1
        return sample

    # --- when things happened ----------------------------------------------------------------------------------------
    def _slots(self, org, clock: WorkClock, first: int, last: int) -> None:
        for day in range(first, last + 1):
            for k, (_h, _m, mode, place) in enumerate(SLOT_HOURS):
                start = slot_time(clock, day, k)
                self.slots.add(
                    (self._next("slot"), org.id, as_datetime(start), as_datetime(start + 3600), mode, 4, place)
                )

    # --- the rows --------------------------------------------------------------------------------------------------
    def _write(self, org, clock, scenario, status, times, slot_id, verifier, duplicate_of) -> Vendor:
        rng, spec = self.rng, org.spec
        self.global_index += 1
        vendor = Vendor()
        region: Region = spec.region if rng.random() < 0.8 else rng.choice(REGIONS)
        name, female = people.person(rng)
        form, prefix, positions = people.legal_form(rng)
        company = people.company_name(rng, prefix, region.name)
        person_nik = identity.nik(rng, region.province, region.code, female=female, today=datetime.date.today())
        if form == "perorangan" and rng.random() < 0.6:
            npwp = person_nik
        else:
            office = identity.tax_office(region.province, region.code)
            npwp = identity.npwp(self.global_index, office, new_format=rng.random() < 0.55)
        nib = identity.nib(self.global_index) if rng.random() < 0.97 else ""
        reason = note = ""
        if status == "rejected":
            reason, _share, note = rng.choices(REJECTIONS, cum_weights=people.cumulative(r[1] for r in REJECTIONS))[0]
            if reason == "duplicate" and duplicate_of:
                npwp, nib = duplicate_of
        submitted = times.get("submitted", times.get("received"))
        decided = times.get("decided")
        zone = clock.calendar.zone
        company_status, status_reason = "registering", ""
        if status == "approved":
            draw = rng.random()
            company_status = "active" if draw < 0.992 else "suspended" if draw < 0.995 else "deactivated"
            status_reason = {
                "active": "",
                "suspended": "Dibekukan sementara: dugaan dokumen palsu pada tender, menunggu pemeriksaan Kepala LPSE.",
                "deactivated": "Dinonaktifkan atas permintaan penyedia (usaha ditutup).",
            }[company_status]
        elif status in ("rejected", "expired"):
            company_status = "refused"
        vendor.user_id, vendor.company_id = self._next("user"), self._next("company")
        vendor.registration_id = self._next("registration")
        vendor.company, vendor.npwp, vendor.nib, vendor.status = company, npwp, nib, company_status
        vendor.number = f"REG-{as_datetime(submitted).astimezone(zone):%Y}-{vendor.registration_id:06d}"
        vendor.email = people.personal_email(rng, name, self.global_index)
        active = status not in ("expired",) and company_status != "deactivated"
        last_login = None
        if active and status == "approved" and rng.random() < 0.7:
            last_login = as_datetime(rng.randint(max(decided, self.now - 90 * DAY), self.now))
        slug = spec.slug.replace("-", "")
        self.users.add(
            (
                vendor.user_id,
                self.password,
                last_login,
                f"{slug}.penyedia{self.global_index}",
                vendor.email,
                active,
                as_datetime(submitted),
                org.id,
                name,
                "+62" + identity.mobile(rng)[1:],
            )
        )
        domain = people.company_domain(company)
        self.companies.add(
            (
                vendor.company_id,
                org.id,
                company,
                form,
                npwp,
                nib,
                json.dumps(people.kbli_codes(rng)),
                people.street_address(rng),
                region.province,
                region.title,
                identity.postal_code(rng, region.province),
                identity.office_phone(rng, identity.area_code(region.province, region.code)),
                f"{rng.choice(('info', 'admin', 'kantor', 'marketing'))}@{domain}"
                if rng.random() < 0.45
                else vendor.email,
                name,
                person_nik,
                rng.choice(positions),
                vendor.user_id,
                company_status,
                status_reason,
                as_datetime(decided) if status == "approved" else None,
                as_datetime(submitted),
            )
        )
        received = times.get("received")
        through_completion = "completion_requested" in times
        checker = verifier if status in ("in_verification", "completion_requested") or decided else None
        self.registrations.add(
            (
                vendor.registration_id,
                org.id,
                vendor.number,
                "vendor",
                vendor.user_id,
                vendor.company_id,
                status,
                scenario == "approved_desk",
                as_datetime(submitted),
                slot_id,
                as_datetime(received),
                org.staff["petugas.registrasi"] if received else None,
                (name if rng.random() < 0.8 else f"{people.person(rng)[0]} (kuasa)") if received else "",
                checker,
                COMPLETION_ITEMS if through_completion else "[]",
                COMPLETION_NOTE if through_completion else "",
                as_datetime(decided),
                verifier if decided else None,
                reason,
                note,
                1 + 2 * len(SCENARIO_GROUPS[scenario]) + (7 if "prepared" in times else 0),
            )
        )
        if status == "approved":
            since = as_datetime(decided).astimezone(zone).date()
            ended = since + datetime.timedelta(days=rng.randint(30, 300)) if company_status == "deactivated" else None
            if ended is not None and ended > datetime.date.today():
                ended = datetime.date.today()
            self.roles.add(
                (
                    self._next("role"),
                    org.id,
                    vendor.user_id,
                    "vendor_admin",
                    org.lpse_unit,
                    since,
                    ended,
                    "Akun dinonaktifkan atas permintaan penyedia." if ended else "",
                    as_datetime(decided),
                )
            )
        if status in ("ready", "received", "in_verification", "completion_requested") or (
            status == "submitted" and rng.random() < 0.5
        ):
            self._documents(org, vendor, form, status, times, verifier)
        return vendor

    def _documents(self, org, vendor: Vendor, form: str, status: str, times: dict[str, int], verifier: int) -> None:
        rng = self.rng
        start = times["submitted"]
        end = times.get("prepared", min(self.now, start + 3 * DAY))
        required = [d for d in org.documents if not d[2] or form in d[2]]
        if status == "submitted":
            required = required[: rng.randint(1, 3)]
        checked_at = times.get("completion_requested") or (times.get("received", 0) + 1800)
        for number, (requirement, code, _forms) in enumerate(required):
            verdict, note, checked, by = "pending", "", None, None
            if status == "completion_requested":
                verdict = "mismatch" if code == "npwp" else "matches"
                note = "NPWP yang diunggah bukan atas nama usaha" if code == "npwp" else ""
            elif status == "in_verification" and number < len(required) // 2:
                verdict = "matches"
            if verdict != "pending":
                checked, by = as_datetime(min(checked_at, self.now - 10)), verifier
            self.documents.add(
                (
                    self._next("document"),
                    vendor.registration_id,
                    requirement,
                    DOCUMENT_FILE,
                    f"{code}.pdf",
                    "application/pdf",
                    self.file_size,
                    self.file_sha,
                    as_datetime(rng.randint(start, max(start, end))),
                    vendor.user_id,
                    verdict,
                    note,
                    checked,
                    by,
                )
            )
