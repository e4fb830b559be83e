"""Background tasks of the shared kernel. Tasks take ids, load what they need, and call services or mail."""

from __future__ import annotations

from django_tasks import task

from sopan.core.mail import send_templated


@task()
def send_test_mail(user_id: int) -> str:
    """Send a test message to a user, to prove mail and the task queue work on this installation."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_related("organization").get(pk=user_id)
    send_templated(to=user.email, template="core/mail/test", context={"user": user}, language=user.language)
    return user.email


@task()
def send_rendered_mail(to: str, subject: str, body: str) -> None:
    """Send a message already rendered by the caller (e.g. Django's password-reset form)."""
    from django.core.mail import EmailMessage

    EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)
