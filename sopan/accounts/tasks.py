from __future__ import annotations

import logging

from django.contrib.auth import forms as auth_forms
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from sopan.core import audit_anchors
from sopan.core.mail import send_templated

logger = logging.getLogger(__name__)

AUDITOR_ROLE = "auditor"  # roles.py: Auditor (APIP), the organisation's internal oversight


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


def auditors_by_organization(organization_ids: set[int]) -> dict[int, list]:
    """Active people holding the auditor role (APIP), by organisation: they receive their organisation's anchors."""
    from sopan.accounts.models import RoleAssignment

    holders: dict[int, dict[int, object]] = {}
    assignments = (
        RoleAssignment.objects.active()
        .filter(organization_id__in=organization_ids, role=AUDITOR_ROLE, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    for assignment in assignments:
        holders.setdefault(assignment.organization_id, {})[assignment.user_id] = assignment.user
    return {organization_id: list(people.values()) for organization_id, people in holders.items()}


@task()
def anchor_audit_trail() -> int:
    """Anchor every audit chain's head outside the database and mail each organisation's anchor to its auditors
    (issue 13 §4); the platform chain's goes to ADMIN_EMAILS. Returns how many chains were anchored.

    Lives here rather than in core because who the auditors are is this app's knowledge (the role catalogue and the
    assignments); the kernel writes the anchors and knows no app. Anchoring comes first: the file is the record, the
    mail a second copy that someone with access to this server cannot take back. A chain that fails its check is not
    anchored, and its auditors are told instead.
    """
    from django.conf import settings

    from sopan.accounts.models import Organization

    results = audit_anchors.anchor_chains()
    organization_ids = {r.organization_id for r in results if r.organization_id}
    auditors = auditors_by_organization(organization_ids)
    organizations = Organization.objects.in_bulk(organization_ids)
    for result in results:
        if result.organization_id:
            organization = organizations[result.organization_id]
            recipients = [(u.email, u.language, u.get_full_name()) for u in auditors.get(result.organization_id, [])]
            scope = organization.name
        else:
            recipients = [(address, "en", name) for name, address in settings.ADMINS]
            scope = ""
        if not recipients:
            logger.warning("audit anchor of chain %s: no one to mail it to", result.chain)
        for address, language, name in recipients:
            context = {
                "name": name,
                "scope": scope,
                "anchor": result.anchor,
                "problem": result.problem.describe() if result.problem else "",
                "line": result.anchor.as_line() if result.anchor else "",
            }
            try:
                send_templated(to=address, template="accounts/mail/audit_anchor", context=context, language=language)
            except Exception:
                # One refused address must not keep the other auditors from their copy.
                logger.exception("audit anchor of chain %s to %s failed", result.chain, address)
    return sum(1 for result in results if result.anchor)
