"""Demo data for the vendors context (`make run`): the default document list, appointment slots for the coming two
weeks, the demo vendor persona's company, and applications at every stage of the procedure, made through the services
so that their SOP cases, mails and archives are real."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, replace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sopan.accounts.demo import DEMO_PASSWORD
from sopan.accounts.models import User
from sopan.core.selectors import calendar_for
from sopan.sop.api import ProcedureNotReady, version_for
from sopan.vendors.defaults import ensure_required_documents
from sopan.vendors.models import (
    AppointmentSlot,
    BlacklistImport,
    Company,
    EmailConfirmation,
    Registration,
)
from sopan.vendors.registration import services
from sopan.vendors.registration.findings import findings_for
from sopan.vendors.registration.services import verification
from sopan.vendors.registration.services.common import link_token_hash
from sopan.vendors.selectors import requirements_for

APPLICANTS = (
    # legal form, NPWP, NIB, admin, NIK without its regency code (district, birth date, serial), stage; the company's
    # name and address come from the organisation's locality (LOCALITIES), so each office has its own applicants
    ("cv", "012345674505000", "9120104567812", "Slamet Widodo", "011708850001", "submitted"),
    ("pt", "019876549505000", "9120208765411", "Dewi Lestari", "025505900002", "ready"),
    ("cv", "015555550505000", "9120305555512", "Agus Salim", "030303800003", "received"),
    ("perorangan", "017777772505000", "9120407777713", "Siti Aminah", "044404870004", "completion"),
    ("pt", "018888883505000", "9120508888814", "Hadi Susanto", "051212750005", "approved"),
)


@dataclass(frozen=True)
class Locality:
    """Where an organisation's demo vendors are: company names, the region of their address and of their admins'
    NIK, the postcode and the telephone area code."""

    companies: tuple[str, str, str, str, str]  # one per applicant, in the order of APPLICANTS
    province: str  # code, as in regions.PROVINCE_CHOICES
    regency: str
    regency_code: str  # the first four digits of a NIK issued there
    postal_code: str
    area_code: str  # without the leading 0


LOCALITIES = {
    "salatiga": Locality(
        ("CV Sinar Abadi", "PT Karya Mandiri Salatiga", "CV Tirta Jaya", "UD Berkah Tani", "PT Bangun Persada"),
        "33",
        "Kota Salatiga",
        "3373",
        "50711",
        "298",
    ),
    "pagar-alam": Locality(
        (
            "CV Dempo Lestari",
            "PT Besemah Karya Pagar Alam",
            "CV Lematang Jaya",
            "UD Kopi Semende",
            "PT Gunung Gare Konstruksi",
        ),
        "16",
        "Kota Pagar Alam",
        "1672",
        "31512",
        "730",
    ),
    "batang": Locality(
        (
            "CV Alas Roban Mandiri",
            "PT Pantura Batang Sejahtera",
            "CV Sigandu Teknik",
            "UD Rojolele Tani",
            "PT Dieng Karya Utama",
        ),
        "33",
        "Kabupaten Batang",
        "3325",
        "51211",
        "285",
    ),
}
# An organisation with no locality of its own: neutral names, no town in them.
NEUTRAL_LOCALITY = Locality(
    ("CV Sumber Rejeki", "PT Cipta Karya Nusantara", "CV Mitra Usaha", "UD Harapan Baru", "PT Bina Konstruksi Utama"),
    "33",
    "",
    "3374",
    "50111",
    "24",
)


def locality_for(organization) -> Locality:
    if organization.slug in LOCALITIES:
        return LOCALITIES[organization.slug]
    return replace(NEUTRAL_LOCALITY, regency=organization.name.removeprefix("Pemerintah ").strip())


def _pdf(title: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def ensure_slots(organization, *, days: int = 14) -> int:
    """Desk slots at 09.00 and 13.00 and an online session at 10.30 on each working day of the coming two weeks."""
    calendar = calendar_for(organization)
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(organization.timezone)
    created = 0
    today = timezone.localdate()
    for offset in range(1, days + 1):
        day = today + datetime.timedelta(days=offset)
        if not calendar.is_working_day(day):
            continue
        for hour, minute, mode, place in (
            (9, 0, "desk", "Loket LPSE, lantai 2"),
            (10, 30, "online", "Zoom LPSE (tautan dikirim sehari sebelumnya)"),
            (13, 0, "desk", "Loket LPSE, lantai 2"),
        ):
            start = datetime.datetime.combine(day, datetime.time(hour, minute), zone)
            _, made = AppointmentSlot.objects.get_or_create(
                organization=organization,
                starts_at=start,
                defaults={
                    "ends_at": start + datetime.timedelta(hours=1),
                    "mode": mode,
                    "capacity": 4,
                    "location": place,
                },
            )
            created += made
    return created


def _user(organization, role: str) -> User | None:
    for user in organization.users.filter(is_active=True).order_by("username"):
        if user.has_role(role):
            return user
    return None


DEMO_SCALES = ("small", "micro", "medium", "large")


def _submit(organization, index: int, spec) -> Registration:
    form, npwp, nib, admin, nik_tail, _stage = spec
    locality = locality_for(organization)
    name = locality.companies[index - 1]
    slug = organization.slug.replace("-", "")
    email = f"admin{index}@{slug}.penyedia.test"
    token = f"demo-{organization.slug}-{index}"
    EmailConfirmation.objects.create(
        organization=organization,
        email=email,
        token_hash=link_token_hash(token),
        created_at=timezone.now(),
        expires_at=timezone.now() + services.LINK_LIFETIME,
    )
    return services.registration_submit(
        token=token,
        company={
            "name": name,
            "legal_form": form,
            "npwp": npwp,
            "nib": nib,
            "kbli": ["41011", "46100"],
            # a scale for each demo application in turn, so the availability analysis finds both qualifications
            "business_scale": DEMO_SCALES[index % len(DEMO_SCALES)],
            "address": f"Jl. Jenderal Sudirman No. {index + 10}",
            "province": locality.province,
            "regency": locality.regency,
            "postal_code": locality.postal_code,
            "phone": f"+62{locality.area_code}{321000 + index}",
            "email": f"kantor{index}@{slug}.penyedia.test",
        },
        person={
            "name": admin,
            "nik": locality.regency_code + nik_tail,
            "position": "Direktur",
            "phone": f"+628122{index:06d}",
        },
        username=_username(organization, index),
        password=DEMO_PASSWORD,
    )


def _username(organization, index: int) -> str:
    slug = organization.slug.replace("-", "")
    return f"penyedia{index}" if organization.slug == "salatiga" else f"{slug}.penyedia{index}"


def _advance(registration: Registration, stage: str, officer, verifier) -> None:
    organization = registration.organization
    if stage == "submitted":
        return
    for requirement in requirements_for(registration):
        if requirement.is_required:
            upload = SimpleUploadedFile(f"{requirement.code}.pdf", _pdf(str(requirement.label)), "application/pdf")
            services.document_upload(
                registration=registration, requirement=requirement, uploaded=upload, by=registration.user
            )
    slot = AppointmentSlot.objects.filter(organization=organization, starts_at__gt=timezone.now()).first()
    services.slot_book(registration=registration, slot=slot, by=registration.user)
    services.registration_prepare(registration=registration, by=registration.user)
    if stage == "ready":
        return
    services.registration_receive(registration=registration, brought_by=registration.applicant_name, by=officer)
    if stage == "received":
        return
    services.registration_take(registration=registration, by=verifier)
    for document in registration.documents.filter(is_current=True).select_related("requirement"):
        if document.requirement.is_identity:  # the verifier sees a KTP before marking it (issue 13 §8)
            verification.document_shown(document=document, by=verifier)
        verdict = "mismatch" if stage == "completion" and document.requirement.code == "npwp" else "matches"
        note = "NPWP yang diunggah bukan atas nama usaha" if verdict == "mismatch" else ""
        services.document_check(document=document, verdict=verdict, note=note, by=verifier)
    registration.refresh_from_db()
    if stage == "completion":
        services.registration_request_completion(
            registration=registration,
            note="Mohon unggah NPWP atas nama usaha.",
            version=registration.version,
            by=verifier,
        )
    elif stage == "approved":
        for finding in findings_for(registration):  # each acknowledged, as approval requires
            verification.finding_acknowledge(
                registration=registration,
                key=finding.key,
                note="Sudah diperiksa dengan dokumen asli; tidak menghalangi persetujuan.",
                by=verifier,
            )
        services.registration_approve(registration=registration, version=registration.version, by=verifier)


def ensure_vendors(organization) -> int:
    """Idempotent: does nothing for an organisation that already has registrations."""
    ensure_required_documents(organization)
    ensure_slots(organization)
    try:
        version_for(organization=organization, procedure="vendor_registration")
    except ProcedureNotReady:
        return 0
    officer, verifier = _user(organization, "registration_officer"), _user(organization, "verifier")
    if officer is None or verifier is None:
        return 0
    made = 0
    for index, spec in enumerate(APPLICANTS, start=1):
        if User.objects.filter(username=_username(organization, index)).exists():
            continue  # made by an earlier run
        # Each step commits on its own, as the requests of real people do (files are written when their step commits).
        registration = _submit(organization, index, spec)
        _advance(registration, spec[-1], officer, verifier)
        made += 1
    _ensure_persona_company(organization)
    _ensure_blacklist(organization)
    return made


def _ensure_persona_company(organization) -> None:
    """The demo vendor persona (penyedia.admin, CV Maju Jaya) is the admin of an active company."""
    admin = organization.users.filter(username__endswith="penyedia.admin").first()
    if admin is None or Company.objects.filter(admin_user=admin).exists():
        return
    locality = locality_for(organization)
    Company.objects.create(
        organization=organization,
        name="CV Maju Jaya",
        legal_form="cv",
        npwp="013579131505000",
        nib="9120901357913",
        kbli=["41011", "43211"],
        business_scale="small",
        address="Jl. Diponegoro No. 45",
        province=locality.province,
        regency=locality.regency,
        postal_code=locality.postal_code,
        phone=f"+62{locality.area_code}326000",
        email="kantor@majujaya.penyedia.test",
        admin_name=admin.full_name.split(" (")[0],
        admin_nik=f"{locality.regency_code}011508800009",
        admin_position="Direktur",
        admin_user=admin,
        status=Company.Status.ACTIVE,
        activated_at=timezone.now(),
    )


def _ensure_blacklist(organization) -> None:
    """The national blacklist as the Kepala LPSE imports it (a CSV through the import service): one company whose
    NPWP the 'received' applicant shares, so the verifier sees the finding."""
    from sopan.vendors.blacklist.services import blacklist_import

    head = _user(organization, "lpse_head")
    if head is None or BlacklistImport.objects.filter(organization=organization).exists():
        return
    starts = timezone.localdate() - datetime.timedelta(days=200)
    ends = timezone.localdate() + datetime.timedelta(days=530)
    rows = [
        "Nama Penyedia;NPWP;NIB;Nomor SK;Pelanggaran;Tanggal Mulai;Tanggal Berakhir",
        f"CV Tirta Jaya Abadi;{APPLICANTS[2][1]};;SK-DH/LKPP/2026/0417;Menyampaikan dokumen palsu pada tender 2025;"
        f"{starts:%d/%m/%Y};{ends:%d/%m/%Y}",
    ]
    upload = SimpleUploadedFile("daftar-hitam-nasional.csv", "\n".join(rows).encode(), "text/csv")
    blacklist_import(organization=organization, uploaded=upload, by=head)
