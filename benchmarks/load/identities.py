"""Plausible Indonesian identifiers for generated forms; they pass the validators of sopan.vendors.identifiers."""

from __future__ import annotations


def luhn_digit(digits: str) -> str:
    """The check digit that makes `digits` + it pass the Luhn test (the NPWP's ninth digit)."""
    for candidate in "0123456789":
        total = 0
        for index, char in enumerate(reversed(digits + candidate)):
            number = int(char)
            if index % 2:
                number = number * 2 - 9 if number > 4 else number * 2
            total += number
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def npwp(serial: int) -> str:
    """An old-format (15-digit) company NPWP: type 01, a six-digit serial, its check digit, tax office, branch."""
    first = f"01{serial % 10**6:06d}"
    return f"{first}{luhn_digit(first)}505000"


def nik(serial: int) -> str:
    """A NIK of Salatiga (33 73 01), born 17-08-1985, with a four-digit serial (never 0000)."""
    return f"337301170885{serial % 9999 + 1:04d}"
