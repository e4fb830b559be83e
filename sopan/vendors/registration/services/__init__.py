"""Writes of the registration procedure (SOP Rekrutmen dan Registrasi Penyedia, steps 1–16; Perwali Salatiga
41/2024 annex 2.4 d–e, 2.6.1). Each service runs in one transaction, locks the row it changes, checks permission
itself, writes its audit event and records its SOP steps through `workflows.REGISTRATION_FLOW`."""

from sopan.vendors.registration.services.common import LINK_LIFETIME
from sopan.vendors.registration.services.desk import (
    EDITABLE,
    document_upload,
    registration_prepare,
    registration_receive,
    slot_book,
)
from sopan.vendors.registration.services.expiry import registrations_expire
from sopan.vendors.registration.services.review import (
    document_check,
    identity_viewed,
    registration_approve,
    registration_reject,
    registration_request_completion,
    registration_resubmit,
    registration_take,
)
from sopan.vendors.registration.services.signup import (
    confirmation_check,
    registration_submit,
    registration_submit_at_desk,
    signup_request,
)

__all__ = [
    "EDITABLE",
    "LINK_LIFETIME",
    "confirmation_check",
    "document_check",
    "document_upload",
    "identity_viewed",
    "registration_approve",
    "registration_prepare",
    "registration_receive",
    "registration_reject",
    "registration_request_completion",
    "registration_resubmit",
    "registration_submit",
    "registration_submit_at_desk",
    "registration_take",
    "registrations_expire",
    "signup_request",
    "slot_book",
]
