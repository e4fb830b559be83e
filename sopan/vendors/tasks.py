"""Background work of the vendors context: mail to applicants and the daily expiry sweep. Tasks take ids."""

from __future__ import annotations

from django_tasks import task

from sopan.core.mail import send_templated


@task()
def send_signup_link(confirmation_id: int, path: str, existing_account: bool) -> None:
    """The sign-up confirmation link; to an address that already has an account, a note instead (no enumeration:
    the page says the same thing either way)."""
    from sopan.vendors.models import EmailConfirmation

    confirmation = EmailConfirmation.objects.select_related("organization").get(pk=confirmation_id)
    template = "vendors/mail/signup_existing" if existing_account else "vendors/mail/signup_link"
    send_templated(
        to=confirmation.email,
        template=template,
        context={"confirmation": confirmation, "organization": confirmation.organization, "path": path},
    )


@task()
def send_registration_mail(registration_id: int, template: str) -> None:
    """A mail about the registration to the applicant, in their language (`vendors/mail/<template>_*.txt`)."""
    from sopan.vendors.models import Registration

    registration = Registration.objects.select_related("organization", "company", "user", "slot").get(
        pk=registration_id
    )
    user = registration.user
    send_templated(
        to=user.email,
        template=f"vendors/mail/{template}",
        context={"registration": registration, "organization": registration.organization, "user": user},
        language=user.language,
    )


@task()
def send_company_mail(company_id: int, template: str, action_id: int | None = None, request_id: int | None = None):
    """A mail about the vendor account (status change, data change decision) to the company and its admin."""
    from sopan.vendors.models import AccountAction, ChangeRequest, Company

    company = Company.objects.select_related("organization", "admin_user").get(pk=company_id)
    context = {
        "company": company,
        "organization": company.organization,
        "action": AccountAction.objects.filter(pk=action_id).first() if action_id else None,
        "change_request": ChangeRequest.objects.filter(pk=request_id).first() if request_id else None,
    }
    recipients = {company.email}
    if company.admin_user_id and company.admin_user.email:
        recipients.add(company.admin_user.email)
    language = company.admin_user.language if company.admin_user_id else "id"
    for address in sorted(recipients):
        send_templated(to=address, template=f"vendors/mail/{template}", context=context, language=language)


@task()
def expire_registrations() -> int:
    """The daily sweep: registrations not verified within the organisation's limit expire (services)."""
    from sopan.vendors.registration.services import registrations_expire

    return registrations_expire()
