"""Indonesia's 38 provinces with their Kemendagri codes, the first two digits of every NIK and regional code.

The codes are the Ministry of Home Affairs' (Kepmendagri 100.1.1-6117/2022, which added the four Papua provinces
made in 2022), not Statistics Indonesia's (BPS numbers Papua differently: there 91 is Papua Barat and 94 Papua).
Province names are proper names: they are shown as they are, in every language.
"""

from __future__ import annotations

PROVINCES: tuple[tuple[str, str], ...] = (
    ("11", "Aceh"),
    ("12", "Sumatera Utara"),
    ("13", "Sumatera Barat"),
    ("14", "Riau"),
    ("15", "Jambi"),
    ("16", "Sumatera Selatan"),
    ("17", "Bengkulu"),
    ("18", "Lampung"),
    ("19", "Kepulauan Bangka Belitung"),
    ("21", "Kepulauan Riau"),
    ("31", "DKI Jakarta"),
    ("32", "Jawa Barat"),
    ("33", "Jawa Tengah"),
    ("34", "DI Yogyakarta"),
    ("35", "Jawa Timur"),
    ("36", "Banten"),
    ("51", "Bali"),
    ("52", "Nusa Tenggara Barat"),
    ("53", "Nusa Tenggara Timur"),
    ("61", "Kalimantan Barat"),
    ("62", "Kalimantan Tengah"),
    ("63", "Kalimantan Selatan"),
    ("64", "Kalimantan Timur"),
    ("65", "Kalimantan Utara"),
    ("71", "Sulawesi Utara"),
    ("72", "Sulawesi Tengah"),
    ("73", "Sulawesi Selatan"),
    ("74", "Sulawesi Tenggara"),
    ("75", "Gorontalo"),
    ("76", "Sulawesi Barat"),
    ("81", "Maluku"),
    ("82", "Maluku Utara"),
    ("91", "Papua"),
    ("92", "Papua Barat"),
    ("93", "Papua Selatan"),
    ("94", "Papua Tengah"),
    ("95", "Papua Pegunungan"),
    ("96", "Papua Barat Daya"),
)

# In code order, which is the official order (roughly west to east), as on Indonesian forms.
PROVINCE_CHOICES: tuple[tuple[str, str], ...] = PROVINCES

_NAMES = dict(PROVINCES)
PROVINCE_CODES: frozenset[str] = frozenset(_NAMES)


def province_name(code: str) -> str | None:
    """The province's name for its Kemendagri code ("33" -> "Jawa Tengah"); None for a code that is no province."""
    return _NAMES.get(code)
