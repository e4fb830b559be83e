"""Who may do what with registrations, documents and vendor accounts (Perwali Salatiga 41/2024 annex 2.4 d–e).

Each capability is declared with the catalogue roles that hold it by default (an organisation's own roles may be given
it too) and checked as a `rules` predicate scoped to the user's organisation. Services enforce these; views only use
them to decide what to show. Objects of another organisation are answered with 404 by the selectors before any of
these is asked.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sopan.accounts.policies import can_manage_organization, has_capability, in_same_organization, may
from sopan.accounts.roles import LPSE_PERSONNEL
from sopan.core.modules import Capability

CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "vendors.work_desk",
        gettext_lazy("Work the registration desk: look up applicants, receive files, register walk-ins"),
        ("registration_officer", "verifier", "lpse_head"),
    ),
    Capability(
        "vendors.verify",
        gettext_lazy("Verify registrations and data changes"),
        ("verifier", "lpse_head"),
    ),
    # Identity documents and NIKs are personal data (UU 27/2022): only these roles see them unmasked.
    Capability(
        "vendors.view_identity",
        gettext_lazy("See vendors' identity documents and NIK unmasked"),
        ("verifier", "lpse_head"),
    ),
    Capability(
        "vendors.report_account",
        gettext_lazy("Report a complaint or finding against a vendor account"),
        ("verifier", "lpse_head", "helpdesk_agent", "system_admin", "lpse_coordinator"),
    ),
    Capability(
        "vendors.decide_account",
        gettext_lazy("Decide a vendor account's suspension, deactivation or reactivation"),
        ("lpse_head",),
    ),
    Capability(
        "vendors.declare_relation",
        gettext_lazy("Declare one's own ties to vendor companies"),
        tuple(sorted(LPSE_PERSONNEL)),
    ),
)
# The catalogue roles that see identity documents (for the account service's NIK check).
IDENTITY_ROLES = next(c.roles for c in CAPABILITIES if c.code == "vendors.view_identity")

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)
rules.add_perm(
    "vendors.view_vendors",
    (has_capability("vendors.work_desk") | has_capability("vendors.report_account")) & in_same_organization,
)


def is_applicant(user, registration) -> bool:
    return user.is_authenticated and registration.user_id == user.pk


def can_work_desk(user, obj=None) -> bool:
    """The front office (Petugas Registrasi): look up applicants, receive files, register walk-ins (steps 8–11)."""
    return may("vendors.work_desk", user, obj)


def can_verify(user, obj=None) -> bool:
    """Verify registrations and data changes (steps 12–15). Separation of duties is checked by `conflicts`."""
    return may("vendors.verify", user, obj)


def can_view_registration(user, registration) -> bool:
    return is_applicant(user, registration) or can_work_desk(user, registration)


def can_edit_documents(user, registration) -> bool:
    """The applicant uploads; the front office may upload for a walk-in vendor."""
    return is_applicant(user, registration) or can_work_desk(user, registration)


def can_view_identity(user, registration) -> bool:
    """Unmasked NIK and identity scans: the applicant's own, and the verifier and Kepala LPSE roles."""
    return is_applicant(user, registration) or may("vendors.view_identity", user, registration)


def can_view_document(user, document) -> bool:
    """A registration's uploaded document in the LPSE's viewer or as a download: the desk's roles; an identity
    document (KTP/NIK scan) only the roles that may see personal data."""
    registration = document.registration
    if not can_work_desk(user, registration):
        return False
    return not document.requirement.is_identity or may("vendors.view_identity", user, registration)


def can_manage_settings(user, organization=None) -> bool:
    """Required documents, slots, expiry and the blacklist import: the organisation's administrators (the Kepala
    LPSE and the system administrator hold that capability)."""
    return can_manage_organization(user, organization)


def can_view_vendors(user) -> bool:
    """The vendor list: the front office, verifiers, and the LPSE staff who may report on an account."""
    return may("vendors.view_vendors", user)


def can_report_account(user, company) -> bool:
    """Record a complaint or finding against a vendor account (LKPP procedure, first step): LPSE staff."""
    return may("vendors.report_account", user, company)


def can_decide_account(user, company) -> bool:
    """Examine, propose and decide a suspension, deactivation or reactivation: the Kepala LPSE."""
    return may("vendors.decide_account", user, company)


def has_registration(user) -> bool:
    """An applicant (vendor or non-vendor) whose registration is not approved yet: their status page is their home.
    Computed once per request (the user object lives for one request)."""
    if not user.is_authenticated or user.role_codes:  # anyone holding a role is past registration
        return False
    return _applicant_status(user) not in (None, "approved")


def administers_company(user) -> bool:
    return user.is_authenticated and user.has_role("vendor_admin")


def _applicant_status(user) -> str | None:
    if not hasattr(user, "_registration_status"):
        from sopan.vendors.models import Registration

        user._registration_status = (
            Registration.objects.filter(user_id=user.pk).values_list("status", flat=True).first()
        )
    return user._registration_status


def is_company_admin(user, company) -> bool:
    return user.is_authenticated and company.admin_user_id == user.pk and company.status == "active"


def can_request_change(user, company) -> bool:
    return is_company_admin(user, company)


def conflicts(user, registration) -> list[str]:
    """Why this person may not verify this registration (separation of duties), or an empty list."""
    from sopan.vendors.models import StaffRelation
    from sopan.vendors.selectors import settings_for

    found = []
    if registration.user_id == user.pk or (registration.company_id and registration.company.admin_user_id == user.pk):
        found.append(_("You cannot verify your own application."))
    if registration.company_id:
        relations = StaffRelation.objects.filter(user=user, company_id=registration.company_id)
        for relation in relations:
            found.append(
                _("You declared a tie to this company (%(tie)s): another verifier must verify it.")
                % {"tie": relation.get_kind_display()}
            )
    if settings_for(registration.organization).two_person_rule and registration.received_by_id == user.pk:
        found.append(_("You received this file at the desk; the organisation requires another person to verify it."))
    return found


def can_import_blacklist(user, organization) -> bool:
    """Import and look at the register: the organisation's administrators (`can_manage_settings`) and its verifiers,
    who keep the list up to date at many LPSEs."""
    if organization is None or not (
        user.is_authenticated and user.is_active and user.organization_id == organization.pk
    ):
        return False
    return can_manage_settings(user, organization) or can_verify(user)


def can_declare_relation(user, organization=None) -> bool:
    """LPSE personnel declare their own ties; the organisation's administrators may record them for any staff."""
    if not (user.is_authenticated and user.organization_id is not None):
        return False
    if organization is not None and organization.pk != user.organization_id:
        return False
    return may("vendors.declare_relation", user, organization) or can_manage_settings(user, organization)


def can_view_all_relations(user, organization=None) -> bool:
    """The Kepala LPSE (and the organisation's administrators) see every declaration."""
    return can_manage_settings(user, organization)
