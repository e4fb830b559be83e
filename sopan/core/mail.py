"""Outgoing mail, rendered from templates in the recipient's language and sent through the configured backend."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(
    *,
    to: str,
    template: str,
    context: dict,
    language: str = "id",
    from_email: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Send `<template>_subject.txt` / `<template>_body.txt` to one address.

    `from_email` defaults to DEFAULT_FROM_EMAIL; `headers` are added as they are (a `Message-ID` given there replaces
    the generated one, which is how a conversation's mails thread)."""
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    EmailMessage(subject=subject, body=body, to=[to], from_email=from_email, reply_to=reply_to, headers=headers).send(
        fail_silently=False
    )
