"""Test data for the standards module: the people, a change request."""

from __future__ import annotations

from django.utils import translation

from sopan.procurement.tests.factories import person
from sopan.standards.services import changes


def id_(msgid: str, **values) -> str:
    """The Indonesian text of an English msgid, as the pages show it."""
    with translation.override("id"):
        text = translation.gettext(msgid)
    return text % values if values else text


def head(organization):
    return person(organization, "kepala.lpse")


def admin(organization):
    return person(organization, "admin.sistem")


def coordinator(organization):
    return person(organization, "koordinator.lpse")


def requested(organization, by=None, title="Pemutakhiran SPSE"):
    return changes.change_request(
        organization=organization,
        by=by or admin(organization),
        title=title,
        description="Rilis keamanan.",
        rollback_plan="Pulihkan snapshot.",
    )
