"""Reads of the standards pages, scoped to the user's organisation: the overview of the standards with this year's
assessments, the live evidence of every installed module, the change requests and the access permits (keyset pages,
a fixed number of queries), and one row of them (404 for another organisation's)."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sopan.core import ids, modules
from sopan.core.pagination import Page, keyset_page
from sopan.core.standard_evidence import STANDARDS
from sopan.standards import policies
from sopan.standards.catalogue import TITLES
from sopan.standards.models import AccessPermit, Assessment, ChangeRequest


def _require_view(user) -> None:
    if not policies.can_view(user):
        raise PermissionDenied


def live_evidence(organization) -> dict[str, list]:
    """Every installed module's evidence (hook "standard_evidence"), by standard code."""
    found: dict[str, list] = defaultdict(list)
    for answer in modules.call("standard_evidence", organization=organization):
        for item in answer:
            found[item.standard].append(item)
    return found


def overview_for(user, year: int) -> list[dict]:
    """A line per standard: its number, title, this year's assessment (or None) and its live evidence."""
    _require_view(user)
    organization = user.organization
    assessed = {a.standard: a for a in Assessment.objects.filter(organization=organization, year=year)}
    evidence = live_evidence(organization)
    return [
        {
            "code": code,
            "number": TITLES[code][0],
            "title": TITLES[code][1],
            "assessment": assessed.get(code),
            "evidence": evidence.get(code, []),
        }
        for code in STANDARDS
    ]


def assessment_for(user, standard: str, year: int) -> Assessment | None:
    _require_view(user)
    if standard not in TITLES:
        raise Http404
    return Assessment.objects.filter(organization_id=user.organization_id, standard=standard, year=year).first()


def change_list_for(user, *, status: str = "", cursor: str | None = None) -> Page:
    _require_view(user)
    rows = ChangeRequest.objects.filter(organization_id=user.organization_id).select_related("requested_by")
    if status:
        rows = rows.filter(status=status)
    return keyset_page(rows, order=("-requested_at", "-id"), cursor=cursor)


def _get(model, user, pk, related=()):
    _require_view(user)
    if not ids.fits(pk):
        raise Http404
    row = model.objects.filter(organization_id=user.organization_id, pk=pk).select_related(*related).first()
    if row is None:
        raise Http404
    return row


def change_get_for(user, pk: int) -> ChangeRequest:
    return _get(ChangeRequest, user, pk, ("requested_by", "decided_by"))


def permit_list_for(user, *, kind: str = "", cursor: str | None = None) -> Page:
    _require_view(user)
    rows = AccessPermit.objects.filter(organization_id=user.organization_id).select_related("holder", "granted_by")
    if kind:
        rows = rows.filter(kind=kind)
    return keyset_page(rows, order=("-granted_at", "-id"), cursor=cursor)


def permit_get_for(user, pk: int) -> AccessPermit:
    return _get(AccessPermit, user, pk)
