"""Adopting another organisation's SOP: the texts of the copy that still name the organisation it came from.

A copy (services.versions.sop_copy) keeps every text of its origin, and an SOP names its organisation in many places
besides the header: "website LPSE Kota Pagar Alam", "Pj. Sekretaris Daerah Kota Pagar Alam", "Pemda Kab. Batang".
`flags()` finds them anywhere in the definition (identity block, lanes, steps: activity, requirements, output,
notes, decision labels), case-insensitive and on word boundaries, in the forms Indonesian texts use: with or without
its kind (Pemerintah/Pemkot/Pemda, Kota/Kabupaten/Kab.), written apart, joined or hyphenated ("Pagar Alam",
"Pagaralam", "PAGAR-ALAM"). The adopter reviews each: edits it (or has `replace_names()` put their own organisation
in), or confirms it as intended (a reference to the other organisation that is meant). Until then the copy cannot be
submitted for approval (versions.version_submit).

Pure functions over the definition's data form; the review state lives in SopVersion.adoption_review:
{"source": <name>, "places": [...], "confirmed": [[path, text], ...]}. A confirmation holds for the text confirmed:
a text edited afterwards is looked at again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sopan.sop.definition import LIST_FIELDS

# Words before the place that name the government: "Pemerintah Kota", "Pemkot", "Pemda Kab.", "Kabupaten".
_GOVERNMENT = r"(?:pemerintah|pemerintahan|pemkot|pemkab|pemda)"
_KIND = r"(?:kota|kabupaten|kab\.?)"
_KIND_WORDS = {"kota": "Kota", "kabupaten": "Kabupaten", "kab": "Kabupaten", "kab.": "Kabupaten"}
_PREFIX_RE = re.compile(rf"^\s*(?:{_GOVERNMENT}\s+)?(?:provinsi\s+)?(?P<kind>{_KIND})?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    kind: str  # "Kota", "Kabupaten" or "" (a province, an agency)
    name: str  # "Pagar Alam"

    @property
    def phrase(self) -> str:
        return f"{self.kind} {self.name}".strip()


def place_of(text: str) -> Place | None:
    """ "Pemerintah Kota Pagar Alam" → Kota, Pagar Alam; "PEMERINTAH KABUPATEN BATANG" → Kabupaten, Batang."""
    text = " ".join(text.split())
    match = _PREFIX_RE.match(text)
    rest = text[match.end() :] if match else text
    if not rest or len(rest) < 3:
        return None
    kind = _KIND_WORDS.get((match["kind"] or "").lower(), "") if match else ""
    return Place(kind=kind, name=rest.title() if rest.isupper() else rest)


def organization_places(organization, *extra: str) -> list[str]:
    """The names by which an organisation is found in texts: the place of its name, of its letterhead's first line
    and of the given texts (e.g. the header an SOP prints), and its short name (the slug, as words)."""
    candidates = [organization.name, *organization.letterhead_lines[:1], *extra, organization.slug.replace("-", " ")]
    places: list[str] = []
    for candidate in candidates:
        place = place_of(candidate) if candidate else None
        if place is None:
            continue
        key = _squash(place.name)
        if key and all(_squash(p) != key for p in places):
            places.append(place.name)
    return places


def adopter_place(organization) -> Place:
    """How the adopting organisation is named in its texts: "Kota Salatiga"."""
    for candidate in (organization.name, *organization.letterhead_lines[:1]):
        place = place_of(candidate)
        if place is not None:
            return place
    return Place(kind="", name=organization.name)


def _squash(text: str) -> str:
    return re.sub(r"[\s\-]+", "", text).lower()


def name_pattern(places: list[str]) -> re.Pattern | None:
    """One expression for every form of the places: kind words optional, the place's words apart, joined or
    hyphenated, whole words only (Pagar Alam is not in "Pagar Alamanda")."""
    alternatives = []
    for place in places:
        words = [re.escape(w) for w in re.split(r"[\s\-]+", place.strip()) if w]
        if words:
            alternatives.append(r"[\s\-]*".join(words))
    if not alternatives:
        return None
    body = "|".join(sorted(alternatives, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w])(?P<prefix>{_GOVERNMENT}\s+)?(?P<kind>{_KIND}\s*)?(?P<place>{body})(?![\w])", re.IGNORECASE
    )


# --- where the texts are ---------------------------------------------------------------------------------------
IDENTITY_TEXTS = ("organization", "unit", "number", "title")
SIGNATORIES = ("prepared_by", "reviewed_by", "approved_by")  # Dibuat, Dikaji, Disahkan oleh
IDENTITY_LISTS = LIST_FIELDS


def texts(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every printed text of a definition (its data form) with its path: "identity.title", "steps.3.output" …
    The transcription notes (source, doubts) describe the origin document and are not printed: not included."""
    identity = data.get("identity", {})
    for name in IDENTITY_TEXTS:
        if identity.get(name):
            yield f"identity.{name}", identity[name]
    for person in SIGNATORIES:
        for name in ("position", "name"):
            if (identity.get(person) or {}).get(name):
                yield f"identity.{person}.{name}", identity[person][name]
    for name in IDENTITY_LISTS:
        for i, item in enumerate(identity.get(name) or ()):
            yield f"identity.{name}.{i}", item
    for i, entry in enumerate(identity.get("related") or ()):
        yield f"identity.related.{i}.title", entry["title"]
    for i, lane in enumerate(data.get("lanes", ())):
        yield f"lanes.{i}.name", lane["name"]
    for i, step in enumerate(data.get("steps", ())):
        for name in ("text", "output", "notes"):
            if step.get(name):
                yield f"steps.{i}.{name}", step[name]
        for j, item in enumerate(step.get("requirements") or ()):
            yield f"steps.{i}.requirements.{j}", item
        time = step.get("time")
        if isinstance(time, dict) and time.get("text"):
            yield f"steps.{i}.time.text", time["text"]
        for j, exit_ in enumerate(step.get("exits") or ()):
            yield f"steps.{i}.exits.{j}.label", exit_["label"]


def _field_labels() -> dict[str, str]:
    return {
        "organization": _("Header: organisation"),
        "unit": _("Header: unit"),
        "number": _("SOP number"),
        "title": _("SOP name"),
        "prepared_by.position": _("Prepared by (position)"),
        "prepared_by.name": _("Prepared by (name)"),
        "reviewed_by.position": _("Reviewed by (position)"),
        "reviewed_by.name": _("Reviewed by (name)"),
        "approved_by.position": _("Approved by (position)"),
        "approved_by.name": _("Approved by (name)"),
        "legal_basis": _("Legal basis"),
        "qualifications": _("Executor qualifications"),
        "equipment": _("Equipment"),
        "warnings": _("Warnings"),
        "records": _("Records and data"),
        "summary": _("Brief explanation"),
        "purpose": _("Purpose"),
        "definitions": _("Definitions"),
        "related": _("Related SOPs"),
        "text": _("Activity"),
        "output": _("Output"),
        "notes": _("Notes"),
        "requirements": _("Requirements"),
        "time": _("Time"),
        "exits": _("Decision label"),
    }


def describe(path: str, data: dict[str, Any]) -> str:
    """Where a text is, for people: "Legal basis 3", "Step 1: Activity", "Lane 2 (Pelaksana)"."""
    parts = path.split(".")
    labels = _field_labels()
    if parts[0] == "lanes":
        return _("Executor column %(n)d") % {"n": int(parts[1]) + 1}
    if parts[0] == "steps":
        step = data["steps"][int(parts[1])]
        label = labels.get(parts[2], parts[2])
        if len(parts) > 3 and parts[2] in ("requirements", "exits"):
            label = f"{label} {int(parts[3]) + 1}"
        return _("Step %(number)s: %(field)s") % {"number": step.get("number") or step["key"], "field": label}
    name = f"{parts[1]}.{parts[2]}" if parts[1] in SIGNATORIES else parts[1]
    label = labels.get(name, name)
    if len(parts) > 2 and parts[1] not in SIGNATORIES:
        label = f"{label} {int(parts[2]) + 1}"
    return label


# --- the flags ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Flag:
    """A text naming the organisation the SOP came from."""

    path: str
    where: str
    text: str
    spans: tuple[tuple[int, int], ...]
    confirmed: bool = False

    @property
    def parts(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, is_a_name) for showing the names highlighted."""
        out, at = [], 0
        for start, end in self.spans:
            if start > at:
                out.append((self.text[at:start], False))
            out.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            out.append((self.text[at:], False))
        return out

    @property
    def names(self) -> list[str]:
        return [self.text[a:b] for a, b in self.spans]


def flags(data: dict[str, Any], places: list[str], confirmed: list | tuple = ()) -> list[Flag]:
    """The texts of a definition (data form) that name any of `places`, each marked confirmed when the adopter
    confirmed exactly that text at that place."""
    pattern = name_pattern(places)
    if pattern is None:
        return []
    kept = {(path, text) for path, text in confirmed}
    found = []
    for path, text in texts(data):
        spans = tuple(m.span() for m in pattern.finditer(text))
        if spans:
            found.append(Flag(path, describe(path, data), text, spans, confirmed=(path, text) in kept))
    return found


def review_flags(version) -> list[Flag]:
    """The flags of a version under adoption review (none for an organisation's own SOP)."""
    review = version.adoption_review or {}
    if not review.get("places"):
        return []
    return flags(version.definition, review["places"], [tuple(c) for c in review.get("confirmed", ())])


def open_flags(version) -> list[Flag]:
    return [flag for flag in review_flags(version) if not flag.confirmed]


# --- putting the adopter's name in ---------------------------------------------------------------------------------
def _same_case(model: str, text: str) -> str:
    if model.isupper():
        return text.upper()
    return text


def replace_in(text: str, pattern: re.Pattern, target: Place) -> str:
    """ "website LPSE Kota Pagar Alam" → "website LPSE Kota Salatiga"; "PEMDA KAB. BATANG" → "PEMDA KOTA SALATIGA":
    the government word kept, the kind and the place the adopter's, in the case the text had."""

    def swap(match: re.Match) -> str:
        prefix = match["prefix"] or ""
        named = f"{target.kind} {target.name}".strip() if (match["kind"] or prefix) else target.name
        return prefix + _same_case(match.group(0)[len(prefix) :].strip(), named)

    return pattern.sub(swap, text)


# A regulation of the other region (its Dasar Hukum entry) does not become the adopter's by renaming it: "Peraturan
# Bupati Batang no. 11 tahun 2011" with "Kota Salatiga" written in is a regulation that does not exist. Those entries
# stay flagged for the adopter to replace with their own regulation (or to remove, or to confirm).
NOT_RENAMED = ("identity.legal_basis.",)


def replace_names(data: dict[str, Any], places: list[str], target: Place, *, skip=()) -> dict[str, Any]:
    """A copy of the data with every text naming `places` naming `target` instead; texts at the (path, text) pairs
    in `skip` (confirmed as intended) and the legal basis (NOT_RENAMED) are left alone."""
    import copy

    pattern = name_pattern(places)
    out = copy.deepcopy(data)
    if pattern is None:
        return out
    kept = {(path, text) for path, text in skip}
    for path, text in list(texts(data)):
        if (path, text) in kept or path.startswith(NOT_RENAMED):
            continue
        new = replace_in(text, pattern, target)
        if new != text:
            _set(out, path, new)
    return out


def _set(data: dict[str, Any], path: str, value: str) -> None:
    parts = path.split(".")
    node: Any = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
