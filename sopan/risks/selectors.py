"""Reads of the risk register, scoped to the user's organisation: another organisation's risk is 404 (never told
apart from one that does not exist), the list is a keyset page of one query, the heat map a fixed number."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404

from sopan.core import ids
from sopan.core.pagination import Page, keyset_page
from sopan.risks import policies
from sopan.risks.models import Criteria, Risk, RiskTemplate, Treatment

PAGE_SIZE = 50


def _require_view(user) -> None:
    if not policies.can_view_register(user) or user.organization_id is None:
        raise PermissionDenied


def risk_queryset_for(user, *, status: str = "", scheme: str = "", mine: bool = False, q: str = ""):
    _require_view(user)
    rows = Risk.objects.filter(organization_id=user.organization_id)
    if status in Risk.Status.values:
        rows = rows.filter(status=status)
    if scheme in Criteria.Scheme.values:
        rows = rows.filter(criteria__scheme=scheme)
    if mine:
        rows = rows.filter(Q(owner=user) | Q(treatments__owner=user)).distinct()
    if q := (q or "").strip():
        rows = rows.filter(Q(title__icontains=q) | Q(cause__icontains=q) | Q(context_text__icontains=q))
    return rows.select_related("criteria", "owner", "package")


def risk_list_for(user, *, cursor: str | None = None, size: int = PAGE_SIZE, **filters) -> Page:
    """The organisation's risks, newest first, with their criteria, owner and package: one query a page."""
    rows = risk_queryset_for(user, **filters).annotate(
        open_treatments=Count("treatments", filter=~Q(treatments__status=Treatment.Status.DONE))
    )
    return keyset_page(rows, order=("-id",), cursor=cursor, size=size)


def risk_get_for(user, pk) -> Risk:
    """The risk if it is of the user's organisation (else 404) and the user may see the register (else 403)."""
    if not ids.fits(pk):
        raise Http404
    risk = (
        Risk.objects.select_related("organization", "criteria", "owner", "package", "created_by").filter(pk=pk).first()
    )
    if risk is None or risk.organization_id != user.organization_id:
        raise Http404
    if not policies.can_view_register(user, risk):
        raise PermissionDenied
    return risk


def treatments_of(risk) -> list[Treatment]:
    return list(risk.treatments.select_related("owner").order_by("due_on", "id"))


def monitoring_of(risk) -> list:
    return list(risk.monitoring.select_related("by").order_by("-created_at", "-id"))


def escalations_of(risk) -> list:
    return list(risk.escalations.select_related("raised_by", "decided_by").order_by("raised_at", "id"))


def criteria_for(user) -> list[Criteria]:
    _require_view(user)
    return list(Criteria.objects.filter(organization_id=user.organization_id).order_by("scheme"))


def criteria_get_for(user, pk) -> Criteria:
    """A criteria set of the user's organisation (else 404) for its coordinator (else 403)."""
    if not ids.fits(pk):
        raise Http404
    criteria = Criteria.objects.filter(pk=pk).first()
    if criteria is None or criteria.organization_id != user.organization_id:
        raise Http404
    if not (policies.can_view_register(user, criteria) and policies.can_coordinate(user, criteria)):
        raise PermissionDenied
    return criteria


def library_for(user, *, scheme: str = "") -> list[RiskTemplate]:
    _require_view(user)
    rows = RiskTemplate.objects.filter(organization_id=user.organization_id)
    if scheme:
        rows = rows.filter(scheme=scheme)
    return list(rows.order_by("stage", "title"))


def template_get_for(user, pk) -> RiskTemplate:
    _require_view(user)
    pk = ids.parse_id(str(pk))
    if pk is None:
        raise Http404
    template = RiskTemplate.objects.filter(pk=pk, organization_id=user.organization_id).first()
    if template is None:
        raise Http404
    return template


@dataclass(frozen=True)
class Grid:
    criteria: Criteria
    inherent: dict  # (likelihood, impact) -> count
    residual: dict


def heat_maps_for(user, *, rows=None) -> list[Grid]:
    """Per criteria set, the count of open and closed risks per cell, inherent and residual: three queries."""
    rows = rows if rows is not None else risk_queryset_for(user)
    rows = rows.order_by()
    criteria = criteria_for(user)
    grids = {c.pk: Grid(c, {}, {}) for c in criteria}
    for kind in ("inherent", "residual"):
        counts = (
            rows.filter(**{f"{kind}_likelihood__isnull": False, f"{kind}_impact__isnull": False})
            .values("criteria_id", f"{kind}_likelihood", f"{kind}_impact")
            .annotate(n=Count("id"))
        )
        for item in counts:
            if item["criteria_id"] in grids:
                cell = (item[f"{kind}_likelihood"], item[f"{kind}_impact"])
                getattr(grids[item["criteria_id"]], kind)[cell] = item["n"]
    return list(grids.values())
