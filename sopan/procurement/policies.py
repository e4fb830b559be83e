"""Who may do what with procurement packages. Services enforce these; views only use them to decide what to show."""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization, may
from sopan.core.modules import Capability

IMPORT_RUP = "procurement.import_rup"

CAPABILITIES: tuple[Capability, ...] = (
    # The UKPBJ keeps the organisation's package list in step with SiRUP (SOP Perencanaan Pengadaan).
    Capability(IMPORT_RUP, _("Import RUP packages from a SiRUP export"), ("ukpbj_head", "procurement_specialist")),
)

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_import_rup(user, organization=None) -> bool:
    """Import a SiRUP export into `organization`: the Kepala UKPBJ and the Jabfung PPBJ of that organisation."""
    return may(IMPORT_RUP, user, organization)


# --- viewing packages (issue 17 §6) -------------------------------------------------------------------------------
VIEW_PACKAGES = "procurement.view_packages"
VIEW_AGENCY_PACKAGES = "procurement.view_agency_packages"
VIEW_ASSIGNED_PACKAGES = "procurement.view_assigned_packages"

VIEW_CAPABILITIES: tuple[Capability, ...] = (
    # The UKPBJ follows every package of the organisation (SOP Persiapan Pemilihan Penyedia).
    Capability(VIEW_PACKAGES, _("View all procurement packages"), ("ukpbj_head", "procurement_specialist")),
    # The PPK and the PA/KPA follow their own agency's packages (SOP Persiapan Pengadaan).
    Capability(
        VIEW_AGENCY_PACKAGES,
        _("View the procurement packages of one's own agency"),
        ("commitment_officer", "budget_holder"),
    ),
    # A Pokja member follows the packages they are assigned to (SOP Proses Utama PBJ).
    Capability(VIEW_ASSIGNED_PACKAGES, _("View the procurement packages one selects for"), ("selection_group_member",)),
)
CAPABILITIES = (*CAPABILITIES, *VIEW_CAPABILITIES)

for _capability in VIEW_CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view_packages(user, obj=None) -> bool:
    """See the package list at all: any of the three scopes (all, own agency, assigned)."""
    return any(may(code, user, obj) for code in (VIEW_PACKAGES, VIEW_AGENCY_PACKAGES, VIEW_ASSIGNED_PACKAGES))


def sees_all_packages(user) -> bool:
    return may(VIEW_PACKAGES, user)


def agency_ids_of(user) -> set[int]:
    """The units of the user's active assignments whose role grants VIEW_AGENCY_PACKAGES (a PPK of DPUPR: DPUPR).
    From the assignments already loaded for the user's capabilities: no query of its own."""
    if not may(VIEW_AGENCY_PACKAGES, user):
        return set()
    granted = {role.code: role.granted for role in user.roles}
    return {a.unit_id for a in user.active_assignments if VIEW_AGENCY_PACKAGES in granted.get(a.role, ())}


def sees_assigned_packages(user) -> bool:
    return may(VIEW_ASSIGNED_PACKAGES, user)


# --- the stages of a package (issue 17 §2; SOP Persiapan Pengadaan, Persiapan Pemilihan, Proses Utama PBJ) ---------
PREPARE_PACKAGE = "procurement.prepare_package"
APPROVE_PREPARATION = "procurement.approve_preparation"
ASSIGN_POKJA = "procurement.assign_pokja"
CANCEL_PACKAGE = "procurement.cancel_package"

STAGE_CAPABILITIES: tuple[Capability, ...] = (
    # The PPK prepares (specification, HPS, draft contract), requests the selection and records SPPBJ, contract, BAST.
    Capability(PREPARE_PACKAGE, _("Prepare a package and record its contract"), ("commitment_officer",)),
    # The PA/KPA approves the specification/KAK and RAB (Persiapan Pengadaan step 4).
    Capability(APPROVE_PREPARATION, _("Approve a package's preparation"), ("budget_holder",)),
    # The Kepala UKPBJ appoints the Pokja Pemilihan (Persiapan Pemilihan step 3).
    Capability(ASSIGN_POKJA, _("Appoint a package's selection working group"), ("ukpbj_head",)),
    Capability(CANCEL_PACKAGE, _("Cancel a procurement package"), ("budget_holder", "ukpbj_head")),
)
CAPABILITIES = CAPABILITIES + STAGE_CAPABILITIES

for _capability in STAGE_CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def _named_or_any(package, account_field: str, user) -> bool:
    """The person named on the package (its PPK or PA/KPA account) when one is named, else any holder of the role."""
    named = getattr(package, f"{account_field}_id")
    return named is None or named == user.pk


def can_prepare_package(user, package) -> bool:
    """The package's PPK (commitment officer) of the same organisation."""
    return may(PREPARE_PACKAGE, user, package) and _named_or_any(package, "commitment_officer", user)


def can_approve_preparation(user, package) -> bool:
    """The package's PA/KPA of the same organisation."""
    return may(APPROVE_PREPARATION, user, package) and _named_or_any(package, "budget_holder", user)


def can_assign_pokja(user, package) -> bool:
    return may(ASSIGN_POKJA, user, package)


def can_cancel_package(user, package) -> bool:
    if may(ASSIGN_POKJA, user, package):  # the Kepala UKPBJ
        return may(CANCEL_PACKAGE, user, package)
    return may(CANCEL_PACKAGE, user, package) and _named_or_any(package, "budget_holder", user)


def is_pokja_member(user, package) -> bool:
    """A member of the package's active Pokja Pemilihan (appointed by the Kepala UKPBJ's decree): the decree, not a
    role, is what lets them review, decide the methods and schedule and record the selection result."""
    if user is None or not (user.is_authenticated and user.is_active) or not in_same_organization(user, package):
        return False
    return user.pk in pokja_member_ids(package)


def pokja_member_ids(package) -> frozenset[int]:
    """The ids of the package's active Pokja members, read once per package row and version: a page asks for each
    transition it might offer. A service that appoints a Pokja works on its own locked row, and a new version (every
    transition raises it) reads again."""
    cached = getattr(package, "_pokja_member_ids", None)
    if cached is None or cached[0] != package.version:
        prefetched = getattr(package, "_prefetched_objects_cache", {})
        if "pokja_assignments" in prefetched:  # the package's page has read its records (selectors_stages.with_records)
            ids = frozenset(m.user_id for a in prefetched["pokja_assignments"] if a.is_active for m in a.members.all())
        else:
            ids = frozenset(package.pokja_members.values_list("pk", flat=True))
        cached = (package.version, ids)
        package._pokja_member_ids = cached
    return cached[1]


# --- the SPSE import (issue 17 §1: SPSE owns the tender data; its milestones are imported, never re-keyed) ----------
IMPORT_SPSE = "procurement.import_spse"

SPSE_CAPABILITIES: tuple[Capability, ...] = (
    # The UKPBJ brings SPSE's tender milestones (announcement, winner, SPPBJ, contract, BAST) into its packages.
    Capability(
        IMPORT_SPSE, _("Import tender milestones from an SPSE export"), ("ukpbj_head", "procurement_specialist")
    ),
)
CAPABILITIES = CAPABILITIES + SPSE_CAPABILITIES

for _capability in SPSE_CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_import_spse(user, obj=None) -> bool:
    """Import an SPSE export into `obj` (the organisation, or one of its packages): the Kepala UKPBJ and the Jabfung
    PPBJ of that organisation. It is also who may take the `*_spse` transitions (workflows.SPSE_SOURCES): the
    milestone is SPSE's fact, recorded by the importer, not the Pokja's or the PPK's act in Sopan."""
    return may(IMPORT_SPSE, user, obj)


# --- the availability analysis (issue 17 §4; SOP Analisa Ketersediaan Pelaku Usaha) --------------------------------
ANALYSE_AVAILABILITY = "procurement.analyse_availability"

AVAILABILITY_CAPABILITIES: tuple[Capability, ...] = (
    # The Jabfung PPBJ analyses the vendors available for a package (SOP Analisa Ketersediaan steps 1–4, 8–9); the
    # Kepala UKPBJ may do it too.
    Capability(
        ANALYSE_AVAILABILITY,
        _("Analyse the vendors available for a package"),
        ("ukpbj_head", "procurement_specialist"),
    ),
)
CAPABILITIES = CAPABILITIES + AVAILABILITY_CAPABILITIES

for _capability in AVAILABILITY_CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_analyse_availability(user, package) -> bool:
    """Record the criteria, the shortlist and the conclusion: the Jabfung PPBJ and the Kepala UKPBJ of the package's
    organisation."""
    return may(ANALYSE_AVAILABILITY, user, package)


def can_view_availability(user, package) -> bool:
    """Read the analysis and print its report: who analyses, and the PPK and the PA/KPA of the package's agency
    (a Pokja member or a vendor: no). The caller has already scoped the package to the user (selectors)."""
    if can_analyse_availability(user, package):
        return True
    return package.agency_id in agency_ids_of(user)


def can_propose_rup_correction(user, package) -> bool:
    """Send the proposal to correct the RUP to the PA/KPA (SOP Analisa Ketersediaan step 5): the package's PPK."""
    return can_prepare_package(user, package)


# --- the assistance of a package (issue 17 §2; SOP Perencanaan Pengadaan 3–5, Persiapan Pengadaan 5–7) -------------
JABFUNG_ROLE = "procurement_specialist"


def can_request_assistance(user, package) -> bool:
    """Ask the UKPBJ for assistance (Perencanaan step 3 "a", Persiapan step 5 "a"): the package's PPK."""
    return can_prepare_package(user, package)


def can_appoint_jabfung(user, package) -> bool:
    """Appoint the Jabfung PPBJ who assists (Perencanaan step 4, Persiapan step 6): the Kepala UKPBJ."""
    return can_assign_pokja(user, package)


def is_jabfung(user, organization_id) -> bool:
    """Whether `user` holds the Jabfung PPBJ role (procurement_specialist) in the organisation today: who may be
    appointed (not an LPSE staff member, not the package's PPK: the service checks that too)."""
    from sopan.accounts.models import RoleAssignment

    return (
        RoleAssignment.objects.active()
        .filter(organization_id=organization_id, user_id=user.pk, user__is_active=True, role=JABFUNG_ROLE)
        .exists()
    )


def can_report_assistance(user, assistance) -> bool:
    """Record a periodic report (Perencanaan step 5, Persiapan step 7): the Jabfung appointed, of the same
    organisation."""
    if user is None or not (user.is_authenticated and user.is_active):
        return False
    return assistance.jabfung_id == user.pk and in_same_organization(user, assistance.package)


def can_view_assistance(user, package) -> bool:
    """Read the package's assistance: the Kepala UKPBJ and the Jabfung PPBJ (all packages), the PPK and the PA/KPA of
    the package's agency (a Pokja member who is neither, or a vendor: no). The caller has scoped the package."""
    if not in_same_organization(user, package):
        return False
    if sees_all_packages(user):
        return True
    return package.agency_id in agency_ids_of(user)
