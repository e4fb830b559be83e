"""Two-factor authentication of the accounts context: checking a code, setting up and replacing an authenticator,
recovery codes, turning it off (issue 13 §1). Every write is one transaction, audited and mailed to the person."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sopan.accounts import policies
from sopan.accounts.models import User
from sopan.core import audit

RECOVERY_CODE_COUNT = 10


# --- Two-factor authentication ----------------------------------------------------------------------------------
# Whoever has an authenticator proves each change to it (new one, new recovery codes, turning it off) twice: with a
# session that passed the second factor, and with a fresh code from the current authenticator or a recovery code. A
# session that knows the password only, or one left open on a shared computer, can then change nothing. Each change is
# audited and mailed to the person, so a change they did not make does not go unnoticed.
WRONG_CODE = gettext_lazy(
    "That code is not right, or it has already been used. Wait for the next code from your app and try again."
)
THROTTLED = gettext_lazy("Too many wrong codes in a row. Wait a little, then enter the newest code from your app.")


def _is_verified(user: User) -> bool:
    """Whether the acting user's session passed the second factor (django-otp's middleware adds `is_verified` to the
    request's user; a user loaded elsewhere, e.g. in a command, has not)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_check(*, user: User, token: str):
    """The device (authenticator or recovery codes) that accepts `token`, else ValidationError({"token": ...}).

    django-otp counts each wrong code and then refuses every code for a while (1, 2, 4 … seconds). That refusal is
    told only when it was in force *before* this code: a first wrong code is just wrong, not "too many". A code that
    passes is used up: the same code is refused next time (the same recovery code, or any older authenticator code).
    """
    token = (token or "").replace(" ", "").strip()
    throttled = any(not device.verify_is_allowed()[0] for device in devices_for_user(user, confirmed=True))
    device = match_token(user, token) if token else None
    if device is None:
        message, code = (THROTTLED, "throttled") if throttled else (WRONG_CODE, "wrong")
        raise ValidationError({"token": ValidationError(message, code=code)})
    return device


def _require_fresh_second_factor(user: User, proof: str | None) -> None:
    """The acting user's session passed the second factor, and `proof` is a fresh code (else {"proof": ...})."""
    if not _is_verified(user):
        raise policies.PermissionDenied
    try:
        second_factor_check(user=user, token=proof or "")
    except ValidationError as error:
        raise ValidationError({"proof": error.error_dict["token"]}) from error


def _notify_two_factor_change(user: User, change: str) -> None:
    from sopan.accounts.tasks import send_two_factor_notice

    transaction.on_commit(lambda: send_two_factor_notice.enqueue(user_id=user.pk, change=change))


@transaction.atomic
def totp_enroll_begin(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for the user (replacing an unconfirmed one from an earlier attempt).

    Harmless on its own: an unconfirmed device verifies nothing. Confirming it is where the rules apply.
    """
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def totp_enroll_confirm(*, device: TOTPDevice, token: str, proof: str | None = None, by: User) -> list[str]:
    """Confirm the acting user's new authenticator with a code from it; returns fresh recovery codes to show once.

    The first authenticator needs nothing more (it is what a new staff member sets up at first login). One that
    replaces an existing authenticator needs a verified session and `proof`, a fresh code from the current one or a
    recovery code.
    """
    return _with_counted_failure(_totp_confirm, device=device, token=token, proof=proof, by=by)


def _with_counted_failure(change, **kwargs):
    """Run `change` in one transaction in which a wrong proof is still counted.

    `change` returns the ValidationError of a wrong proof instead of raising it, before it has written anything else:
    the transaction then commits the counted failure (else a rollback would undo it, and the current code could be
    guessed without limit). Any other error is raised inside and undoes everything, the used-up proof included, so a
    mistake in the rest of the form does not cost the person their current code or a recovery code.
    """
    with transaction.atomic():
        outcome = change(**kwargs)
    if isinstance(outcome, ValidationError):
        raise outcome
    return outcome


def _proof_failure(user: User, proof: str | None) -> ValidationError | None:
    try:
        _require_fresh_second_factor(user, proof)
    except ValidationError as error:
        return error
    return None


def _totp_confirm(*, device: TOTPDevice, token: str, proof: str | None, by: User):
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=by, confirmed=False)
    replacing = list(TOTPDevice.objects.select_for_update().filter(user=by, confirmed=True))
    if replacing and (failure := _proof_failure(by, proof)):
        return failure
    if not device.verify_token((token or "").strip().replace(" ", "")):
        raise ValidationError({"token": _("That code is not right. Check the time on your phone and try again.")})
    change = "replaced" if replacing else "enabled"
    TOTPDevice.objects.filter(pk__in=[old.pk for old in replacing]).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(action=f"accounts.two_factor.{change}", by=by, target=by)
    _notify_two_factor_change(by, change)
    return _new_recovery_codes(by)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = ["-".join(secrets.token_hex(3) for _ in range(2)) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_regenerate(*, user: User, proof: str | None, by: User) -> list[str]:
    """New recovery codes for the acting user (the old ones stop working), with a fresh code as proof."""
    if by.pk != user.pk:
        raise policies.PermissionDenied
    return _with_counted_failure(_recovery_codes_regenerate, proof=proof, by=by)


def _recovery_codes_regenerate(*, proof: str | None, by: User):
    User.objects.select_for_update().get(pk=by.pk)  # one change to a person's second factor at a time
    if not _has_authenticator(by):
        raise ValidationError(_("Set up an authenticator first."))
    if failure := _proof_failure(by, proof):
        return failure
    audit.record(action="accounts.two_factor.recovery_codes_regenerated", by=by, target=by)
    _notify_two_factor_change(by, "recovery_codes_regenerated")
    return _new_recovery_codes(by)


def two_factor_disable(*, proof: str | None, by: User) -> None:
    """Turn one's own optional 2FA off (vendors), with a fresh code as proof; staff cannot (their roles require it)."""
    _with_counted_failure(_two_factor_disable, proof=proof, by=by)


def _two_factor_disable(*, proof: str | None, by: User):
    User.objects.select_for_update().get(pk=by.pk)
    if by.requires_two_factor:
        raise ValidationError(_("Two-factor authentication is required for your role."))
    if not _has_authenticator(by):
        return None
    if failure := _proof_failure(by, proof):
        return failure
    _remove_second_factor(by)
    audit.record(action="accounts.two_factor.disabled", by=by, target=by)
    _notify_two_factor_change(by, "disabled")
    return None


@transaction.atomic
def two_factor_reset(*, user: User, by: User) -> None:
    """An administrator removes a person's authenticator and recovery codes (lost phone); they set up a new one at next
    login. Not for one's own: that takes a fresh code (two_factor_disable, or replacing it on the set-up page)."""
    if by.pk == user.pk:
        raise policies.PermissionDenied
    policies.require(policies.can_manage_organization(by, user))
    _remove_second_factor(user)
    audit.record(action="accounts.two_factor.reset", by=by, target=user)
    _notify_two_factor_change(user, "reset")


def _remove_second_factor(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
