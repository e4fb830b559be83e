"""Steps 1 and 10 of the registration: the e-mail address confirmed by a single-use link, the online form and
its submission (online or at the desk)."""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.accounts.models import User
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.sop import api as sop_api
from sopan.vendors import identifiers, policies, tasks
from sopan.vendors.models import (
    NON_VENDOR_ROLES,
    ApplicantKind,
    Company,
    EmailConfirmation,
    Registration,
)
from sopan.vendors.registration.services.common import LINK_LIFETIME, _mail, link_token_hash
from sopan.vendors.workflows import PROCEDURE


# --- Step 1: the e-mail address, confirmed by a single-use link ------------------------------------------------------
@transaction.atomic
def signup_request(*, organization, email: str, applicant_kind: str = ApplicantKind.VENDOR) -> EmailConfirmation:
    """Send a confirmation link valid for 24 hours. The answer is the same whether or not the address already has an
    account: the mail itself says so, only to its owner."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            {"email": _("Enter a valid e-mail address, for example admin@perusahaan.co.id.")}
        ) from exc
    sop_api.version_for(organization=organization, procedure=PROCEDURE)  # registration is open here
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    confirmation = EmailConfirmation.objects.create(
        organization=organization,
        email=email,
        applicant_kind=applicant_kind,
        token_hash=link_token_hash(token),
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    existing = User.objects.filter(organization=organization, email__iexact=email).exists()
    path = reverse("vendors:signup-form", kwargs={"token": token})
    transaction.on_commit(
        lambda: tasks.send_signup_link.enqueue(confirmation_id=confirmation.pk, path=path, existing_account=existing)
    )
    audit.record(action="vendors.signup.requested", by=None, target=organization, changes={"kind": applicant_kind})
    return confirmation


def confirmation_check(*, token: str, for_update: bool = False) -> EmailConfirmation:
    """The confirmation behind a link, or a precise refusal (unknown, used, expired)."""
    queryset = EmailConfirmation.objects.select_related("organization")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    confirmation = queryset.filter(token_hash=link_token_hash(token or "")).first()
    if confirmation is None:
        raise ValidationError(_("This link is not valid. Request a new one below."), code="unknown")
    if confirmation.used_at is not None:
        raise ValidationError(
            _(
                "This link has already been used. If you submitted the form, log in with the user ID we sent you; "
                "otherwise request a new link below."
            ),
            code="used",
        )
    if timezone.now() >= confirmation.expires_at:
        when = date_format(timezone.localtime(confirmation.expires_at), "DATETIME_FORMAT")
        raise ValidationError(
            _("This link expired on %(when)s (links are valid for 24 hours). Request a new one below.")
            % {"when": when},
            code="expired",
        )
    return confirmation


# --- Step 1 (and 10 at the desk): the online form ---------------------------------------------------------------
def _clean_company(data: dict) -> dict:
    errors = {}
    cleaned = dict(data)
    for field, check in (("npwp", identifiers.validate_npwp), ("nib", identifiers.validate_nib)):
        value = data.get(field) or ""
        if field == "nib" and not value:
            continue
        try:
            cleaned[field] = check(value)
        except ValidationError as exc:
            errors[field] = exc.messages
    try:
        cleaned["admin_nik"] = identifiers.validate_nik(data.get("admin_nik") or "")
    except ValidationError as exc:
        errors["admin_nik"] = exc.messages
    kbli = data.get("kbli") or []
    if isinstance(kbli, str):
        try:
            kbli = identifiers.parse_kbli_list(kbli)
        except ValidationError as exc:
            errors["kbli"] = exc.messages
    cleaned["kbli"] = kbli
    if errors:
        raise ValidationError(errors)
    return cleaned


def _create_registration(
    *,
    organization,
    applicant_kind: str,
    email: str,
    company: dict | None,
    person: dict,
    username: str,
    password: str | None,
    language: str,
    at_desk: bool,
    by: User | None,
) -> Registration:
    _refuse_second_application(organization, email)
    user = _new_applicant(
        organization, email=email, person=person, username=username, password=password, language=language
    )
    now = timezone.now()
    registration = Registration(
        organization=organization,
        number=f"tmp-{secrets.token_hex(6)}",
        applicant_kind=applicant_kind,
        user=user,
        submitted_at=now,
        registered_at_desk=at_desk,
    )
    if applicant_kind == ApplicantKind.VENDOR:
        registration.company = _new_company(organization, company, person=person, email=email, user=user)
    else:
        _fill_person(registration, person)
    registration.save()
    registration.number = f"REG-{timezone.localtime(now):%Y}-{registration.pk:06d}"
    registration.save(update_fields=["number"])
    audit.record(
        action="vendors.registration.submitted",
        by=by or user,
        target=registration,
        changes={"number": registration.number, "kind": applicant_kind, "at_desk": at_desk},
    )
    # Step 1: "Melakukan Registrasi Online" (step 10 when done at the desk, recorded when the file is received).
    if not at_desk:
        sop_api.record_steps(
            subject=registration,
            organization=organization,
            procedure=PROCEDURE,
            steps=[sop_api.StepDone("registrasi-online")],
            by=user,
            title=str(registration),
        )
    return registration


def _refuse_second_application(organization, email: str) -> None:
    open_same = Registration.objects.filter(
        organization=organization, user__email__iexact=email, status__in=Registration.OPEN
    ).first()
    if open_same is not None:
        raise ValidationError(
            _("An application with this e-mail address is already in progress (%(number)s): log in to continue it.")
            % {"number": open_same.number},
            code="duplicate",
        )


def _new_applicant(organization, *, email: str, person: dict, username: str, password: str | None, language: str):
    """The applicant's user account (a desk registration without a password gets an unusable one)."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The user ID %(username)s is already taken.") % {"username": username}})
    user = User(
        organization=organization,
        username=username,
        full_name=person["name"],
        email=email,
        phone=person.get("phone", ""),
        language=language or "id",
    )
    user.full_clean(exclude=["password"])
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def _new_company(organization, company: dict, *, person: dict, email: str, user: User) -> Company:
    """The vendor's company, still registering, with the applicant as its administrator."""
    cleaned = _clean_company({**company, "admin_nik": person["nik"]})
    record = Company(
        organization=organization,
        **{k: cleaned[k] for k in ("name", "legal_form", "npwp", "nib", "kbli", "address", "province", "regency")},
        postal_code=cleaned.get("postal_code", ""),
        business_scale=cleaned.get("business_scale") or "",
        phone=cleaned["phone"],
        email=cleaned.get("email") or email,
        admin_name=person["name"],
        admin_nik=cleaned["admin_nik"],
        admin_position=person.get("position", ""),
        admin_user=user,
    )
    record.full_clean(exclude=["admin_user"])
    record.save()
    return record


def _fill_person(registration: Registration, person: dict) -> None:
    """A non-vendor applicant (an agency's staff asking for an SPSE role): the person, unit and role asked for."""
    if person.get("role") not in NON_VENDOR_ROLES:
        raise ValidationError({"requested_role": _("Choose the role you need in SPSE.")})
    unit = person.get("unit")
    if unit is None or unit.organization_id != registration.organization.pk:
        raise ValidationError({"unit": _("Choose your unit.")})
    registration.person_name = person["name"]
    registration.person_nik = identifiers.validate_nik(person.get("nik") or "")
    registration.person_position = person.get("position", "")
    registration.agency_name = unit.name
    registration.unit = unit
    registration.requested_role = person["role"]
    registration.letter_number = person.get("letter_number", "")


@transaction.atomic
def registration_submit(
    *,
    token: str,
    company: dict | None,
    person: dict,
    username: str,
    password: str,
    language: str = "id",
) -> Registration:
    """The applicant submits the online form behind the confirmed link; the user ID is mailed (issue 4 §1)."""
    confirmation = confirmation_check(token=token, for_update=True)
    registration = _create_registration(
        organization=confirmation.organization,
        applicant_kind=confirmation.applicant_kind,
        email=confirmation.email,
        company=company,
        person=person,
        username=username,
        password=password,
        language=language,
        at_desk=False,
        by=None,
    )
    confirmation.used_at = timezone.now()
    confirmation.save(update_fields=["used_at"])
    _mail(registration, "submitted")
    return registration


@transaction.atomic
def registration_submit_at_desk(
    *, organization, email: str, company: dict | None, person: dict, username: str, by: User
) -> Registration:
    """Step 10: the front office registers a vendor who has not registered online, with them at the desk. The
    vendor chooses a password through the link mailed to them."""
    require(policies.can_work_desk(by, organization))
    email = (email or "").strip().lower()
    validate_email(email)
    registration = _create_registration(
        organization=organization,
        applicant_kind=ApplicantKind.VENDOR if company is not None else ApplicantKind.NON_VENDOR,
        email=email,
        company=company,
        person=person,
        username=username,
        password=None,
        language="id",
        at_desk=True,
        by=by,
    )
    from sopan.accounts.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.enqueue(user_id=registration.user_id))
    _mail(registration, "submitted")
    return registration
