"""Reading a declared register, always scoped to the user's organisation and checked against its view permission.

Someone without the register's view capability is refused (403) before anything is read; a row of another
organisation is not found (404), so its existence is never confirmed.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from sopan.core import audit_display, ids
from sopan.core.models import AuditEvent
from sopan.core.pagination import Page, keyset_page
from sopan.core.registers.declaration import CHOICE, DATES, SEARCH, Register


def register_queryset_for(register: Register, user, filters: dict | None = None) -> QuerySet:
    """The rows of the user's organisation, filtered by the cleaned filter form's values (unordered)."""
    if not user.has_perm(register.capability_view):
        raise PermissionDenied
    organization_id = getattr(user, "organization_id", None)
    if organization_id is None:
        raise PermissionDenied
    rows = register.model_class._default_manager.filter(**{f"{register.organization_field}_id": organization_id})
    filters = filters or {}
    for spec in register.filters:
        if spec.kind == CHOICE and filters.get(spec.name) not in (None, ""):
            rows = rows.filter(**{spec.name: filters[spec.name]})
        elif spec.kind == SEARCH and (text := (filters.get(spec.name) or "").strip()):
            condition = Q()
            for name in spec.fields:
                condition |= Q(**{f"{name}__icontains": text})
            rows = rows.filter(condition)
        elif spec.kind == DATES:
            if filters.get(f"{spec.name}_from"):
                rows = rows.filter(**{f"{spec.name}__gte": filters[f"{spec.name}_from"]})
            if filters.get(f"{spec.name}_to"):
                rows = rows.filter(**{f"{spec.name}__lte": filters[f"{spec.name}_to"]})
    return rows


def register_list_for(register: Register, user, *, filters: dict | None = None, cursor: str | None = None) -> Page:
    """One page of the register in its declared order: one query, no COUNT(*), no OFFSET."""
    rows = register_queryset_for(register, user, filters)
    return keyset_page(rows, order=register.order, cursor=cursor, size=register.page_size)


def register_row_get_for(register: Register, user, pk) -> object:
    """One row the user may see; 404 for another organisation's, or one the rules hide from them."""
    try:
        key = register.model_class._meta.pk.to_python(pk)
    except ValidationError as exc:
        raise Http404 from exc
    if isinstance(key, int) and not ids.fits(key):
        raise Http404
    row = register_queryset_for(register, user).filter(pk=key).first()
    if row is None or not user.has_perm(register.capability_view, row):
        raise Http404
    return row


def register_history_for(register: Register, user, row, *, cursor: str | None = None) -> Page:
    """The row's audit events, newest first, with their changes in words (the row's field history)."""
    events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(register.model_class), target_id=str(row.pk)
    ).select_related("target_type", "actor")
    page = keyset_page(events, order=("-created_at", "-id"), cursor=cursor, size=register.page_size)
    audit_display.present(page.items)
    return page


def cells(register: Register, row) -> list:
    """The list columns' values of a row, choices by their label."""
    values = []
    for name in register.list_columns:
        field = register.model_field(name)
        values.append(getattr(row, f"get_{name}_display")() if field.choices else getattr(row, field.attname))
    return values
