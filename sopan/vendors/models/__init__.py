"""Vendor registration and verification (SOP Rekrutmen dan Registrasi Penyedia; Perwali Salatiga 41/2024 annex
2.4 d–e, 2.6.1), the vendor account's lifecycle and its data changes.

- `Registration` is one application: a vendor (with its `Company`) or a non-vendor SPSE user (PPK, Pokja, auditor …)
  asking for an account. Its status moves only through `workflows.REGISTRATION_FLOW`, which records the SOP steps.
- `Company` is the vendor's master data; after approval it changes only through a verified `ChangeRequest`, and every
  change of a field is kept in `FieldChange`.
- `Document` is one uploaded file of a registration (the current one per requirement; older ones stay as history);
  `ArchivedFile` is the immutable copy kept with the case at step 15 (with its SHA-256).
- `IdentityView` records that an identity document was shown to a person; `FindingAcknowledgement` is a verifier's
  note on an automatic finding. Both must exist before the verifier marks the document or approves the application.
"""

from sopan.vendors.models.accounts import AccountAction, ChangeRequest, FieldChange, StaffRelation
from sopan.vendors.models.blacklist import BlacklistEntry, BlacklistImport
from sopan.vendors.models.companies import BusinessScale, Company, LegalForm
from sopan.vendors.models.documents import ArchivedFile, Document, FindingAcknowledgement, IdentityView
from sopan.vendors.models.registration import (
    NON_VENDOR_ROLES,
    ApplicantKind,
    AppointmentSlot,
    EmailConfirmation,
    Registration,
    RequiredDocument,
    VendorSettings,
)

__all__ = [
    "NON_VENDOR_ROLES",
    "AccountAction",
    "ApplicantKind",
    "AppointmentSlot",
    "ArchivedFile",
    "BlacklistEntry",
    "BlacklistImport",
    "BusinessScale",
    "ChangeRequest",
    "Company",
    "Document",
    "EmailConfirmation",
    "FieldChange",
    "FindingAcknowledgement",
    "IdentityView",
    "LegalForm",
    "Registration",
    "RequiredDocument",
    "StaffRelation",
    "VendorSettings",
]
