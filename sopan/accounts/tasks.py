from __future__ import annotations

from django.contrib.auth import forms as auth_forms
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from sopan.core.mail import send_templated


def _password_link(user) -> str:
    """The path of a single-use link to choose a password (Django's password-reset token)."""
    return reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@task()
def send_invitation(user_id: int) -> None:
    """Mail a new staff member a single-use link to choose a password (the password-reset token)."""
    from sopan.accounts.models import User

    user = User.objects.select_related("organization").get(pk=user_id)
    if not user.email:
        return
    send_templated(
        to=user.email,
        template="accounts/mail/invitation",
        context={"user": user, "path": _password_link(user)},
        language=user.language,
    )


@task()
def send_password_reset(email: str) -> None:
    """Mail a link to choose a new password to each active account with this address, in the person's language.

    The person is looked up here, not in the request (issue 13 §2): the request does the same work for an address
    that belongs to nobody, so neither its answer nor its duration tells whether the address has an account. Which
    accounts qualify is Django's rule (PasswordResetForm.get_users: active, with a usable password, the address
    compared without regard to case); a person invited who has not yet chosen a password uses the invitation.
    """
    for user in auth_forms.PasswordResetForm().get_users(email):
        send_templated(
            to=user.email,
            template="accounts/mail/password_reset",
            context={"user": user, "path": _password_link(user)},
            language=user.language,
        )


# What a notice about a change to a person's second factor says happened (see the mail template).
TWO_FACTOR_CHANGES = ("enabled", "replaced", "recovery_codes_regenerated", "disabled", "reset")


@task()
def send_two_factor_notice(user_id: int, change: str) -> None:
    """Tell a person that their second factor changed, so that a change they did not make does not go unnoticed."""
    from sopan.accounts.models import User

    if change not in TWO_FACTOR_CHANGES:
        raise ValueError(f"unknown two-factor change {change!r}")
    user = User.objects.select_related("organization").get(pk=user_id)
    if not user.email:
        return
    send_templated(
        to=user.email,
        template="accounts/mail/two_factor_changed",
        context={"user": user, "change": change, "path": reverse("accounts:profile")},
        language=user.language,
    )
