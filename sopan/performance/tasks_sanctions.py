"""Background work of the sanction proposals: the vendor is told of an imposed sanction (issue 18 §3). Ids in."""

from __future__ import annotations

from django_tasks import task

from sopan.core.mail import send_templated


@task()
def send_sanction_imposed(proposal_id: int) -> None:
    """The SK Penetapan Sanksi Daftar Hitam, told to the company's e-mail and its administrator's, in the
    administrator's language."""
    from sopan.performance.models_sanctions import SanctionProposal

    proposal = SanctionProposal.objects.select_related("organization", "company", "company__admin_user", "agency").get(
        pk=proposal_id
    )
    company = proposal.company
    recipients = {company.email} if company.email else set()
    if company.admin_user_id and company.admin_user.email:
        recipients.add(company.admin_user.email)
    language = company.admin_user.language if company.admin_user_id else "id"
    context = {"proposal": proposal, "company": company, "organization": proposal.organization,
               "ground": proposal.ground_row}  # fmt: skip
    for address in sorted(recipients):
        send_templated(to=address, template="performance/mail/sanction_imposed", context=context, language=language)
