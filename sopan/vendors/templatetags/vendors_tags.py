"""Vendor numbers on screen written as on paper: one formatter (the printed forms' own) serves both."""

from __future__ import annotations

from django import template

from sopan.vendors.registration.printing import format_npwp

register = template.Library()


@register.filter
def npwp(value) -> str:
    """A company's NPWP as the tax office prints it: 01.234.567.4-505.000 (15 digits); the 16-digit NPWP as DJP writes
    it, its digits unbroken. Only for NPWPs shown in full: a person's NPWP is masked (identifiers.mask_npwp)."""
    return format_npwp(value or "")
