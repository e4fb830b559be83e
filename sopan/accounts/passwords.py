from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class OrganizationMinimumLengthValidator:
    """At least `min_length` characters, or the organisation's own, longer minimum."""

    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def required_length(self, user=None) -> int:
        organization = getattr(user, "organization", None) if user is not None else None
        return max(self.min_length, getattr(organization, "password_min_length", 0) or 0)

    def validate(self, password, user=None):
        required = self.required_length(user)
        if len(password) < required:
            raise ValidationError(
                ngettext(
                    "This password is too short. It must contain at least %(min_length)d character.",
                    "This password is too short. It must contain at least %(min_length)d characters.",
                    required,
                )
                % {"min_length": required},
                code="password_too_short",
                params={"min_length": required},
            )

    def get_help_text(self):
        return _("Use at least %(min_length)d characters; a passphrase of several words is easy to remember.") % {
            "min_length": self.min_length
        }
