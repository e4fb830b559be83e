"""The demo organisation and one persona per role of the catalogue: used by `seed_demo` and by the tests' personas.

Demo accounts get a TOTP key derived from their user ID, so a demonstration needs no phone:
`python manage.py demo_totp <user ID>` prints the current code (it refuses accounts of non-demo organisations).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sopan.accounts import roles, services
from sopan.accounts.models import Organization, OrgUnit, RoleAssignment, User

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


SALATIGA = {
    "name": "Pemerintah Kota Salatiga",
    "slug": "salatiga",
    "timezone": "Asia/Jakarta",
    "address": "Jl. Letjend Sukowati No. 51, Salatiga, Jawa Tengah 50724",
    "letterhead": "PEMERINTAH KOTA SALATIGA\nSEKRETARIAT DAERAH\nBAGIAN PENGADAAN BARANG DAN JASA",
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
    Persona("koordinator.lpse", "Drs. Agus Priyanto", "lpse_coordinator", "UKPBJ"),
    Persona("kepala.lpse", "Rina Kusumawati, S.Kom.", "lpse_head", "LPSE"),
    Persona("admin.sistem", "Dimas Saputra, S.T.", "system_admin", "LPSE"),
    Persona("verifikator", "Wulan Sari, S.E.", "verifier", "LPSE"),
    Persona("petugas.registrasi", "Eko Prasetyo", "registration_officer", "LPSE"),
    Persona("helpdesk", "Fitri Handayani", "helpdesk_agent", "LPSE"),
    Persona("pendukung.layanan", "Joko Susilo", "service_support_officer", "LPSE"),
    Persona("kepala.ukpbj", "Ir. Hartono, M.T.", "ukpbj_head", "UKPBJ"),
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
    organization, _created = Organization.objects.get_or_create(
        slug=spec["slug"], defaults={**{k: v for k, v in spec.items() if k != "slug"}, "is_demo": is_demo}
    )
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
