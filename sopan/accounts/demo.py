"""The demo organisation and one persona per role of the catalogue: used by `seed_demo` and by the tests' personas.

Demo accounts get a TOTP key derived from their user ID, so a demonstration needs no phone:
`python manage.py demo_totp <user ID>` prints the current code (it refuses accounts of non-demo organisations).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from sopan.accounts import roles, services
from sopan.accounts.models import Organization, OrgUnit, RoleAssignment, User
from sopan.core import modules

DEMO_PASSWORD = "sopan-demo-2026"  # printed by `make run`; demo organisations only


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent: str | None = None


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    role: str
    unit: str
    nip: str = ""  # civil servants sign documents with their NIP; vendors and contract staff have none


SALATIGA = {
    "name": "Pemerintah Kota Salatiga",
    "slug": "salatiga",
    "timezone": "Asia/Jakarta",
    "address": "Jl. Letjend Sukowati No. 51, Salatiga, Jawa Tengah 50724",
    "letterhead": "PEMERINTAH KOTA SALATIGA\nSEKRETARIAT DAERAH\nBAGIAN PENGADAAN BARANG DAN JASA",
}

PAGAR_ALAM = {
    "name": "Pemerintah Kota Pagar Alam",
    "slug": "pagar-alam",
    "timezone": "Asia/Jakarta",
    "address": "Jalan H. Djazuli Kuris No. 1 Komplek Perkantoran Gunung Gare, Kota Pagar Alam",
    "letterhead": "PEMERINTAH KOTA PAGAR ALAM\nSEKRETARIAT DAERAH\nBAGIAN PENGADAAN BARANG DAN JASA",
}
BATANG = {
    "name": "Pemerintah Kabupaten Batang",
    "slug": "batang",
    "timezone": "Asia/Jakarta",
    "address": "Jl. Proklamasi No. 1, Batang",
    "letterhead": "PEMERINTAH KABUPATEN BATANG\nLAYANAN PENGADAAN SECARA ELEKTRONIK (LPSE)",
}

# The identity of each demo organisation on its documents and public pages (kop surat, signatures, /daftar/ and
# /bantuan/). Plausible, and clearly demo data: the numbers are the 555 range and the addresses end in .invalid, so no
# real office is called or written to.
DEMO_IDENTITIES = {
    "salatiga": {
        "place": "Salatiga",
        "postal_code": "50724",
        "phone": "(0298) 555-0101",
        "helpdesk_phone": "(0298) 555-0102",
        "whatsapp": "0812-5550-0103",
        "email": "lpse@salatiga.demo.sopan.invalid",
        "website": "https://lpse.salatiga.demo.sopan.invalid",
        "helpdesk_hours": "Senin–Kamis 07.30–16.00 WIB, Jumat 07.30–11.00 WIB (data demo)",
    },
    "batang": {
        "place": "Batang",
        "postal_code": "51215",
        "phone": "(0285) 555-0201",
        "whatsapp": "0813-5550-0202",
        "email": "lpse@batang.demo.sopan.invalid",
        "website": "https://lpse.batang.demo.sopan.invalid",
        "helpdesk_hours": "Senin–Jumat 08.00–16.00 WIB (data demo)",
    },
    "pagar-alam": {
        "place": "Pagar Alam",
        "postal_code": "31525",
        "phone": "(0730) 555-0301",
        "whatsapp": "0811-5550-0303",
        "email": "ukpbj@pagaralam.demo.sopan.invalid",
        "website": "https://lpse.pagaralam.demo.sopan.invalid",
        "helpdesk_hours": "Senin–Jumat 08.00–15.30 WIB (data demo)",
    },
}

UNITS = (
    UnitSpec("SETDA", "Sekretariat Daerah", OrgUnit.Kind.OVERSIGHT),
    UnitSpec("UKPBJ", "Bagian Pengadaan Barang dan Jasa (UKPBJ)", OrgUnit.Kind.UKPBJ, "SETDA"),
    UnitSpec("LPSE", "Layanan Pengadaan Secara Elektronik (LPSE)", OrgUnit.Kind.LPSE, "UKPBJ"),
    UnitSpec("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", OrgUnit.Kind.AGENCY),
    UnitSpec("DINKES", "Dinas Kesehatan", OrgUnit.Kind.AGENCY),
    UnitSpec("INSPEKTORAT", "Inspektorat Daerah", OrgUnit.Kind.OVERSIGHT),
)

PERSONAS = (
    Persona("penyedia.admin", "Budi Santoso (CV Maju Jaya)", "vendor_admin", "LPSE"),
    Persona("penyedia", "Sri Wahyuni (CV Maju Jaya)", "vendor_user", "LPSE"),
    Persona("koordinator.lpse", "Drs. Agus Priyanto", "lpse_coordinator", "UKPBJ", nip="197203151998031004"),
    Persona("kepala.lpse", "Rina Kusumawati, S.Kom.", "lpse_head", "LPSE", nip="198005122005012003"),
    Persona("admin.sistem", "Dimas Saputra, S.T.", "system_admin", "LPSE", nip="199003072015031002"),
    Persona("verifikator", "Wulan Sari, S.E.", "verifier", "LPSE", nip="198811202011012004"),
    Persona("petugas.registrasi", "Eko Prasetyo", "registration_officer", "LPSE", nip="198507142009031005"),
    Persona("helpdesk", "Fitri Handayani", "helpdesk_agent", "LPSE", nip="199201182019032006"),
    Persona("pendukung.layanan", "Joko Susilo", "service_support_officer", "LPSE"),
    Persona("kepala.ukpbj", "Ir. Hartono, M.T.", "ukpbj_head", "UKPBJ", nip="197006101996031002"),
    Persona("jabfung.ppbj", "Ratna Dewi, S.H.", "procurement_specialist", "UKPBJ"),
    Persona("pokja", "Andi Wijaya, S.T.", "selection_group_member", "UKPBJ"),
    Persona("tim.analisis", "Yusuf Hidayat", "data_analysis_team", "UKPBJ"),
    Persona("tim.pembinaan", "Lestari Ningsih", "coaching_team", "UKPBJ"),
    Persona("tim.kelembagaan", "Bambang Riyadi", "institutional_team", "UKPBJ"),
    Persona("pa.kpa", "Dr. Siti Rahmawati", "budget_holder", "DPUPR"),
    Persona("ppk", "Teguh Santoso, S.T.", "commitment_officer", "DPUPR"),
    Persona("pejabat.pengadaan", "Nur Aini", "procurement_officer", "DINKES"),
    Persona("pj.kinerja", "Hendra Gunawan", "performance_officer", "DINKES"),
    Persona("sekda", "Drs. Wahyu Utomo, M.Si.", "regional_secretary", "SETDA"),
    Persona("komite.etik", "Maria Ulfa, S.H.", "ethics_committee", "SETDA"),
    Persona("walikota", "H. Robby Hernawan", "regional_head", "SETDA"),
    Persona("auditor", "Irawan Setiadi, Ak.", "auditor", "INSPEKTORAT"),
)

assert {p.role for p in PERSONAS} == set(roles.ROLES), "one demo persona per role of the catalogue"


def demo_totp_key(username: str) -> str:
    """A fixed TOTP key per demo account (hex, as django-otp stores it), so printed instructions stay valid."""
    return hashlib.sha256(f"sopan-demo-totp:{username}".encode()).hexdigest()[:40]


def demo_totp_secret(username: str) -> str:
    """The same key in base32, as authenticator apps want it typed in."""
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


@transaction.atomic
def ensure_organization(spec: dict = SALATIGA, units=UNITS, *, is_demo: bool = True) -> Organization:
    identity = DEMO_IDENTITIES.get(spec["slug"], {})
    organization, created = Organization.objects.get_or_create(
        slug=spec["slug"],
        defaults={**identity, **{k: v for k, v in spec.items() if k != "slug"}, "is_demo": is_demo},
    )
    if not created and identity:
        # An organisation seeded before it had an identity gets the fields it still lacks, never overwriting any.
        missing = {name: value for name, value in identity.items() if not getattr(organization, name)}
        if missing:
            Organization.objects.filter(pk=organization.pk).update(**missing)
            for name, value in missing.items():
                setattr(organization, name, value)
    by_code = {u.code: u for u in OrgUnit.objects.filter(organization=organization)}
    for unit in units:
        if unit.code not in by_code:
            by_code[unit.code] = OrgUnit.objects.create(
                organization=organization,
                code=unit.code,
                name=unit.name,
                kind=unit.kind,
                parent=by_code.get(unit.parent) if unit.parent else None,
            )
    return organization


@transaction.atomic
def ensure_persona(
    organization: Organization,
    persona: Persona,
    *,
    password: str = DEMO_PASSWORD,
    with_totp: bool = True,
    valid_from=None,
) -> User:
    user = User.objects.filter(username=persona.username).first()
    if user is None:
        user = services.user_create(
            organization=organization,
            username=persona.username,
            full_name=persona.full_name,
            email=f"{persona.username}@{organization.slug}.demo.sopan.invalid",
            nip=persona.nip,
            password=password,
            by=None,
        )
    unit = OrgUnit.objects.get(organization=organization, code=persona.unit)
    if not RoleAssignment.objects.active().filter(user=user, role=persona.role).exists():
        services.role_assign(
            user=user,
            role=persona.role,
            unit=unit,
            valid_from=valid_from or timezone.localdate(),
            decree_number=f"800/{persona.unit}/DEMO/2026",
            by=None,
        )
    if with_totp and roles.get(persona.role).staff:
        TOTPDevice.objects.get_or_create(
            user=user, name="demo", defaults={"key": demo_totp_key(user.username), "confirmed": True}
        )
    return user


def ensure_organizations() -> dict[str, Organization]:
    """The three demo organisations with their units and one persona per role (prefixed for the other two). The
    role assignments date from a year back, so the demo history of cases lies inside them."""
    since = timezone.localdate() - dt.timedelta(days=365)
    organizations = {"salatiga": ensure_organization()}
    for persona in PERSONAS:
        ensure_persona(organizations["salatiga"], persona, valid_from=since)
    for spec, prefix in ((PAGAR_ALAM, "pagaralam"), (BATANG, "batang")):
        organization = ensure_organization(spec, UNITS)
        for persona in PERSONAS:
            ensure_persona(organization, replace(persona, username=f"{prefix}.{persona.username}"), valid_from=since)
        organizations[spec["slug"]] = organization
    return organizations


def seed_modules(organizations) -> None:
    """Every installed app's demo data (`demo` in its module.py), in INSTALLED_APPS order, for each organisation: an
    app's seed finds the organisations and personas of the apps before it (accounts first)."""
    for module in modules.installed():
        if module.demo:
            seed = import_string(module.demo)
            for organization in organizations:
                seed(organization)
