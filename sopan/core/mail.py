"""Outgoing mail, rendered from templates in the recipient's language and sent through the configured backend."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(*, to: str, template: str, context: dict, language: str = "id") -> None:
    """Send `<template>_subject.txt` / `<template>_body.txt` to one address."""
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)
