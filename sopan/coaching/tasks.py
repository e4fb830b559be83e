"""Background work of the coaching module: the invitations by e-mail (ids in). The dotted paths never move."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sopan.core.mail import send_templated


@task()
def send_invitations(invitation_ids: list[int]) -> int:
    """Mail each invitation to its invitee (the company's e-mail, or the staff user's) with the schedule and the
    check-in code, in the organisation's time zone. Returns how many were mailed."""
    from sopan.coaching.models import Invitation

    invitations = (
        Invitation.objects.filter(pk__in=invitation_ids)
        .select_related("programme__organization", "company", "user")
        .order_by("id")
    )
    sent = 0
    sessions = {}
    for invitation in invitations:
        programme = invitation.programme
        if programme.pk not in sessions:
            sessions[programme.pk] = list(programme.sessions.order_by("starts_at", "id"))
        if not invitation.email:
            continue
        language = invitation.user.language if invitation.user_id else "id"
        with timezone.override(programme.organization.timezone):
            send_templated(
                to=invitation.email,
                template="coaching/mail/invitation",
                context={"invitation": invitation, "programme": programme, "sessions": sessions[programme.pk]},
                language=language,
            )
        sent += 1
    return sent
