"""Reads of the blacklist register (Daftar Hitam): the entries matching an NPWP or NIB, the register and its
imports as lists for the organisation's verifiers and administrators."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sopan.core.pagination import Page, keyset_page
from sopan.vendors import policies
from sopan.vendors.identifiers import normalize_digits
from sopan.vendors.models import BlacklistEntry, BlacklistImport


# --- reads -------------------------------------------------------------------------------------------------------
def npwp_variants(digits: str) -> list[str]:
    """The forms one NPWP is written in: the old 15 digits and, since 2024, the same with a leading 0 (16 digits).

    A register and a company may hold different forms of the same number; both are compared.
    """
    if len(digits) == 15:
        return [digits, "0" + digits]
    if len(digits) == 16 and digits.startswith("0"):
        return [digits, digits[1:]]
    return [digits] if digits else []


def entries_matching(organization_id: int, *, npwp: str = "", nib: str = "") -> QuerySet[BlacklistEntry]:
    """The organisation's register entries for this NPWP (in either form) or NIB."""
    condition = Q()
    if npwp:
        condition |= Q(npwp__in=npwp_variants(npwp))
    if nib:
        condition |= Q(nib=nib)
    if not condition:
        return BlacklistEntry.objects.none()
    return BlacklistEntry.objects.filter(condition, organization_id=organization_id)


class EntryState:
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    UPCOMING = "upcoming"

    CHOICES = (
        (IN_FORCE, gettext_lazy("In force")),
        (EXPIRED, gettext_lazy("Expired")),
        (UPCOMING, gettext_lazy("Not yet in force")),
    )


def _with_state(queryset: QuerySet[BlacklistEntry], today: datetime.date) -> QuerySet[BlacklistEntry]:
    return queryset.annotate(
        state=Case(
            When(ends_on__lt=today, then=Value(EntryState.EXPIRED)),
            When(starts_on__gt=today, then=Value(EntryState.UPCOMING)),
            default=Value(EntryState.IN_FORCE),
            output_field=CharField(),
        )
    )


def blacklist_entries_for(user, *, query: str = "", state: str = "", cursor: str | None = None, size: int = 50) -> Page:
    """The user's organisation's register, by name, each entry marked in force / expired / not yet in force today;
    searched by name, NPWP or NIB (digits in any notation)."""
    organization = user.organization if user.is_authenticated else None
    if organization is None or not policies.can_import_blacklist(user, organization):
        raise PermissionDenied
    today = timezone.localdate()
    queryset = _with_state(BlacklistEntry.objects.filter(organization_id=organization.pk), today)
    query = (query or "").strip()
    if query:
        condition = Q(name__icontains=query) | Q(sk_number__icontains=query)
        digits = normalize_digits(query)
        if digits.isdigit() and len(digits) >= 6:
            condition |= Q(npwp__contains=digits) | Q(nib__contains=digits)
            if len(digits) == 16 and digits.startswith("0"):
                condition |= Q(npwp=digits[1:])
        queryset = queryset.filter(condition)
    if state in dict(EntryState.CHOICES):
        queryset = queryset.filter(state=state)
    return keyset_page(queryset, order=("name", "id"), cursor=cursor, size=size)


def blacklist_imports_for(user, *, cursor: str | None = None, size: int = 50) -> Page:
    """The history of imports of the user's organisation, newest first."""
    organization = user.organization if user.is_authenticated else None
    if organization is None or not policies.can_import_blacklist(user, organization):
        raise PermissionDenied
    queryset = BlacklistImport.objects.filter(organization_id=organization.pk).select_related("imported_by")
    return keyset_page(queryset, order=("-imported_at", "-id"), cursor=cursor, size=size)
