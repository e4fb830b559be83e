"""Why someone unmasks a NIK. UU 27/2022 (PDP) lets personal data be processed for a stated purpose, so the NIK is
shown only after the person says why, and the reason goes into the audit event of the view (`vendors.identity.viewed`).

A verifier mostly has one of a few routine reasons, picked in one click; a request from an outside body and anything
else need words (the letter's number, the reason), since "other" alone tells an auditor nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOTE_MAX_LENGTH = 200


class RevealPurpose(models.TextChoices):
    VERIFY = "verify", gettext_lazy("Matching the identity document with the entered data")
    CHANGE = "change", gettext_lazy("Checking a data change request")
    COMPLAINT = "complaint", gettext_lazy("Handling a complaint or an account action")
    AUTHORITY = "authority", gettext_lazy("A request from an authorised body")
    OTHER = "other", gettext_lazy("Another reason")


# The purposes that say too little without a note, and what to write then.
_NOTE_NEEDED = {
    RevealPurpose.AUTHORITY: gettext_lazy("Write the number of the request letter."),
    RevealPurpose.OTHER: gettext_lazy("Write the reason you need to see the NIK."),
}


def reveal_reason(*, purpose: str, note: str = "") -> dict[str, str]:
    """The reason as the audit event keeps it (`purpose` code, `note` on one line), or a ValidationError per field."""
    note = " ".join((note or "").split())
    if purpose not in RevealPurpose.values:
        raise ValidationError({"purpose": _("Choose why you need to see the NIK.")}, code="required")
    if purpose in _NOTE_NEEDED and not note:
        raise ValidationError({"note": str(_NOTE_NEEDED[purpose])}, code="required")
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Keep the reason to %(count)s characters.") % {"count": NOTE_MAX_LENGTH}}, code="max_length"
        )
    return {"purpose": purpose, "note": note}
