"""The office's identity on its documents, built once for every printed letter, form, receipt and Berita Acara:

- `kop_surat(organization)`: the letterhead (logo, the letterhead lines such as PEMERINTAH KOTA SALATIGA, the unit,
  address, telephone, e-mail and website), printed by `core/documents/_kop_surat.html` with its double rule;
- `signature(...)` / `signatures(...)`: the signature blocks (place and date, caption, position, room to sign and
  stamp, name, NIP), printed side by side by `core/documents/_signature.html`;
- `place_of`, `town_of` and `indonesian_date`, for the "Salatiga, 6 Desember 2026" line;
- `as_written(organization)`: the context a document is rendered in, Indonesian in the organisation's time zone.

The style is `sopan/documents.css` (static), linked by each printed document.

`core` knows no domain app: the organisation and the people who sign are passed in and read through their own
attributes (an organisation's `units` relation gives its unit; a person's `get_full_name()` and `nip`). The text is
official Indonesian whatever the interface language: it is written here literally, not through gettext.
"""

from __future__ import annotations

import base64
import datetime
import zoneinfo
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.formats import date_format

LOGO_MAX_BYTES = 1024 * 1024  # what the settings page accepts; anything larger in storage is not embedded
_REGION_PREFIXES = ("Pemerintah ", "Provinsi ", "Kota ", "Kabupaten ", "Kab. ")


@dataclass(frozen=True)
class KopSurat:
    """What the letterhead prints, top to bottom; empty parts are left out."""

    logo: str  # a data: URI (printing fetches nothing but static files), or ""
    lines: tuple[str, ...]  # the letterhead lines, e.g. PEMERINTAH KOTA SALATIGA / SEKRETARIAT DAERAH
    unit: str  # the issuing unit, upper case, e.g. LAYANAN PENGADAAN SECARA ELEKTRONIK (LPSE)
    address: str  # one line, postal code included
    contacts: tuple[str, ...]  # "Telepon (0298) 326767", "Pos-el lpse@salatigakota.go.id", "Laman lpse.…go.id"


@dataclass(frozen=True)
class Signature:
    """One signature block. A blank name leaves a dotted line to write the name on."""

    position: str  # jabatan, e.g. "Kepala LPSE"; may hold several lines
    name: str = ""
    nip: str = ""  # printed as "NIP 19800101 200501 2 001"; "" prints no NIP line (or a dotted one, see nip_blank)
    caption: str = ""  # above the position: "Mengetahui,", "Yang menyerahkan,"
    place_date: str = ""  # "Salatiga, 6 Desember 2026"; blank keeps side-by-side blocks aligned
    stamp: bool = False  # a box for the Materai 10.000 and the stamp instead of the plain signing room
    nip_blank: bool = False  # a civil servant to be filled in by hand: "NIP ......" under the name

    @property
    def nip_text(self) -> str:
        return f"NIP {format_nip(self.nip)}" if self.nip else ""


def as_written(organization) -> ExitStack:
    """Render an official document inside this: Indonesian whatever the reader's language, dates and times in the
    organisation's zone (WIB, WITA or WIT)."""
    stack = ExitStack()
    stack.enter_context(translation.override("id"))
    stack.enter_context(timezone.override(zoneinfo.ZoneInfo(str(organization.timezone))))
    return stack


def format_nip(nip: str) -> str:
    """An 18-digit NIP grouped the way it is printed: birth date, appointment month, sex, serial
    ("198001012005012001" -> "19800101 200501 2 001"). Anything else as it is."""
    digits = (nip or "").strip()
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return digits


def indonesian_date(day: datetime.date | datetime.datetime) -> str:
    """ "6 Desember 2026", whatever the interface language (a datetime is taken as it is: localise it first)."""
    with translation.override("id"):
        return date_format(day, "j F Y")


def town_of(region: str) -> str:
    """The town a letter is dated in, from the name of a region or a government:
    "Pemerintah Kota Salatiga" -> "Salatiga", "Kabupaten Batang" -> "Batang", "Kota Salatiga" -> "Salatiga"."""
    name = (region or "").strip()
    changed = True
    while changed:
        changed = False
        for prefix in _REGION_PREFIXES:
            if name.lower().startswith(prefix.lower()):
                name = name[len(prefix) :].strip()
                changed = True
    return name


def place_of(organization) -> str:
    """Where the organisation's letters are dated: its own setting, else the town in its name."""
    return (getattr(organization, "place", "") or "").strip() or town_of(organization.name)


def place_and_date(organization, day: datetime.date | datetime.datetime) -> str:
    """ "Salatiga, 6 Desember 2026"."""
    return f"{place_of(organization)}, {indonesian_date(day)}"


def lpse_name(organization) -> str:
    """ "Pemerintah Kota Salatiga" -> "LPSE Kota Salatiga": how documents name the organisation's LPSE."""
    name = organization.name
    if name.lower().startswith("pemerintah "):
        name = name[len("pemerintah ") :]
    return f"LPSE {name}"


def unit_name(organization, kind: str = "lpse") -> str:
    """The name of the organisation's active unit of this kind (the LPSE, the UKPBJ …), "" when it has none."""
    name = organization.units.filter(kind=kind, is_active=True).order_by("pk").values_list("name", flat=True).first()
    return name or ""


def logo_data_uri(organization) -> str:
    """The organisation's logo as a data: URI read from storage (local disk or object storage), "" when there is
    none, it cannot be read, or it is not the PNG/JPEG the settings page stores."""
    logo = organization.logo
    if not logo:
        return ""
    try:
        with logo.storage.open(logo.name, "rb") as handle:
            content = handle.read(LOGO_MAX_BYTES + 1)
    except OSError:
        return ""  # a missing file must not stop an official document from printing
    if len(content) > LOGO_MAX_BYTES:
        return ""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        mime = "image/png"
    elif content.startswith(b"\xff\xd8\xff"):
        mime = "image/jpeg"
    else:
        return ""
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def kop_surat(organization, *, unit: str | None = None, unit_kind: str = "lpse") -> KopSurat:
    """The letterhead of a document the organisation issues. `unit` names the issuing unit; by default its active
    unit of `unit_kind` (the LPSE). A unit already written in the letterhead lines is not printed twice."""
    lines = tuple(organization.letterhead_lines) or (organization.name.upper(),)
    unit_line = (unit_name(organization, unit_kind) if unit is None else unit).strip().upper()
    if any(line in unit_line or unit_line in line for line in lines):
        unit_line = ""  # "BAGIAN PENGADAAN BARANG DAN JASA" already says "Bagian Pengadaan Barang dan Jasa (UKPBJ)"
    address = " ".join((organization.address or "").split())
    postal_code = getattr(organization, "postal_code", "")
    if postal_code and postal_code not in address:
        address = f"{address} {postal_code}".strip()
    contacts = []
    if getattr(organization, "phone", ""):
        contacts.append(f"Telepon {organization.phone}")
    if getattr(organization, "email", ""):
        contacts.append(f"Pos-el {organization.email}")
    if getattr(organization, "website", ""):
        # Printed as offices print it, without the scheme: "Laman lpse.salatiga.go.id".
        website = organization.website.removeprefix("https://").removeprefix("http://").rstrip("/")
        contacts.append(f"Laman {website}")
    return KopSurat(
        logo=logo_data_uri(organization), lines=lines, unit=unit_line, address=address, contacts=tuple(contacts)
    )


def signature(
    position: str,
    person=None,
    *,
    name: str | None = None,
    nip: str | None = None,
    caption: str = "",
    place_date: str = "",
    stamp: bool = False,
    civil_servant: bool = True,
) -> Signature:
    """A signature block for `person` (anything with get_full_name() and nip) or for the given name and NIP.

    `civil_servant=False` (a vendor's director, a member of the public) never prints a NIP line. A civil servant
    whose name is left blank gets a dotted NIP line to fill in; one whose NIP is not recorded gets none."""
    if person is not None:
        name = person.get_full_name() if name is None else name
        nip = getattr(person, "nip", "") if nip is None else nip
    name = (name or "").strip()
    nip = (nip or "").strip() if civil_servant else ""
    return Signature(
        position=position,
        name=name,
        nip=nip,
        caption=caption,
        place_date=place_date,
        stamp=stamp,
        nip_blank=civil_servant and not name and not nip,
    )


def signatures(*blocks: Signature | None) -> list[Signature | None]:
    """The signature row of a document, left to right. One signer stands on the right, as letters are signed; a
    None leaves its column empty."""
    row: Iterable[Signature | None] = blocks
    if len(blocks) == 1:
        row = (None, blocks[0])
    return list(row)
