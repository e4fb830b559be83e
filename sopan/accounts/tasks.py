from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from sopan.core.mail import send_templated


@task()
def send_invitation(user_id: int) -> None:
    """Mail a new staff member a single-use link to choose a password (the password-reset token)."""
    from sopan.accounts.models import User

    user = User.objects.select_related("organization").get(pk=user_id)
    if not user.email:
        return
    link = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_templated(
        to=user.email, template="accounts/mail/invitation", context={"user": user, "path": link}, language=user.language
    )
