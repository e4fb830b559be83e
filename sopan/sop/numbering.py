"""SOP numbers (Nomor SOP) in the organisation's numbering scheme: a pattern with placeholders.

    {seq}     the organisation's next sequence number; {seq:03} zero-padded to 3 digits (1 to 6)
    {unit}    the unit code (e.g. LPSE, UKPBJ, PBJ)
    {org}     the organisation code (e.g. BTG, SALATIGA)
    {year}    the year the number is given

The default, SOP-{unit}.{org}-{seq:03}, is the shape the seeds print (LPSE Kabupaten Batang: SOP-LPSE.BTG-017).
A number printed in an SOP as given (the seeds', an imported file's) is kept exactly as it is: the scheme only fills
an empty one. A number is never shortened: anything the scheme can make fits the field (MAX_NUMBER_LENGTH).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

DEFAULT_PATTERN = "SOP-{unit}.{org}-{seq:03}"
DEFAULT_UNIT_CODE = "LPSE"
MAX_PATTERN_LENGTH = 120
MAX_CODE_LENGTH = 30
MAX_NUMBER_LENGTH = 255  # SopVersion.number; a pattern of 120 with codes of 30 stays well inside it
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
SEQ_RE = re.compile(r"^seq(?::0([1-6]))?$")
NAMES = ("unit", "org", "year")
CODE_RE = re.compile(r"^[A-Za-z0-9.\-/_]*$")


def default_organization_code(organization) -> str:
    return organization.slug.upper()[:MAX_CODE_LENGTH]


def pattern_problems(pattern: str) -> list[str]:
    """What is wrong with a pattern, in words for the SOP administrator (empty: it can be used)."""
    problems = []
    if not pattern.strip():
        return [_("Write a pattern, e.g. %(example)s.") % {"example": DEFAULT_PATTERN}]
    if len(pattern) > MAX_PATTERN_LENGTH:
        problems.append(_("The pattern is longer than %(max)d characters.") % {"max": MAX_PATTERN_LENGTH})
    names = PLACEHOLDER_RE.findall(pattern)
    unknown = [name for name in names if name not in NAMES and not SEQ_RE.match(name)]
    if unknown:
        problems.append(
            _("Unknown placeholder(s) %(names)s: use {seq}, {seq:03}, {unit}, {org} or {year}.")
            % {"names": ", ".join("{" + name + "}" for name in unknown)}
        )
    if not any(SEQ_RE.match(name) for name in names):
        problems.append(_("The pattern needs the sequence number {seq} (or {seq:03}), so that no two SOPs share one."))
    if "\n" in pattern or "\r" in pattern:
        problems.append(_("The pattern is one line."))
    rest = PLACEHOLDER_RE.sub("", pattern)
    if "{" in rest or "}" in rest:
        problems.append(_("A brace { or } is not closed."))
    return problems


def code_problems(code: str) -> list[str]:
    if len(code) > MAX_CODE_LENGTH:
        return [_("At most %(max)d characters.") % {"max": MAX_CODE_LENGTH}]
    if not CODE_RE.match(code):
        return [_("Use letters, digits and . - / _ only.")]
    return []


def format_number(pattern: str, *, sequence: int, unit: str, org: str, year: int) -> str:
    """The number the pattern gives; the pattern is one that pattern_problems() accepts."""

    def fill(match: re.Match) -> str:
        name = match.group(1)
        seq = SEQ_RE.match(name)
        if seq:
            width = int(seq.group(1) or 0)
            return str(sequence).zfill(width)
        return {"unit": unit, "org": org, "year": str(year)}[name]

    return PLACEHOLDER_RE.sub(fill, pattern)
