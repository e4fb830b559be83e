"""Valid-looking Indonesian identifiers for generated people and companies (DESIGN.md §6), unique where the schema or
the verifier's findings need them to be.

- NIK: province, regency and district codes, the birth date DDMMYY with 40 added to the day for women, a serial.
- NPWP: the old 15 digits (taxpayer type, serial, Luhn check digit over the first 8, tax office, branch), or since
  2024 the 16-digit form ("0" + the old 15). Serials come from a bijection of the vendor's global index, so no two
  companies share one unless the generator means it (a duplicate application).
- NIB: 13 digits from OSS, also from the index.
The project's own validators (`sopan.vendors.identifiers`) accept every value made here; the test checks a sample.
"""

from __future__ import annotations

import datetime
import random

# A permutation of 0 … 10**9 - 1 (an odd multiplier is invertible modulo a power of 10 that it shares no factor with).
_SPREAD = 387_420_489  # 3**18: odd, not a multiple of 5


def _spread(index: int, modulus: int) -> int:
    return (index * _SPREAD + 12_345) % modulus


def luhn_digit(digits: str) -> str:
    """The digit that, appended, makes `digits` pass the Luhn check (as `identifiers._luhn_valid` reads it)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        number = int(char)
        if position % 2 == 0:  # these are doubled once the check digit stands at the right
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return str((10 - total % 10) % 10)


def npwp(index: int, tax_office: str, *, new_format: bool) -> str:
    """A company's NPWP for the vendor with this global index (unique per index below 3,000,000)."""
    kind = f"0{1 + index % 3}"  # 01-03: corporate taxpayers
    serial = f"{_spread(index // 3, 1_000_000):06d}"
    head = kind + serial
    old = head + luhn_digit(head) + tax_office + "000"
    return "0" + old if new_format else old


def nib(index: int) -> str:
    return ("9120" if index % 4 else "1262") + f"{_spread(index, 1_000_000_000):09d}"


def nik(rng: random.Random, province: str, regency: str, *, female: bool, today: datetime.date) -> str:
    """A NIK of an adult (22 to 65 years old) registered in the given province and regency."""
    born = today - datetime.timedelta(days=rng.randint(22 * 365, 65 * 365))
    day = born.day + 40 if female else born.day
    district = rng.randint(1, 24)
    serial = rng.randint(1, 9999)
    return f"{province}{regency}{district:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def nip(rng: random.Random, *, female: bool, today: datetime.date) -> str:
    """A civil servant's NIP: birth date, appointment (year and month), sex (1 man, 2 woman), serial."""
    born = today - datetime.timedelta(days=rng.randint(25 * 365, 57 * 365))
    appointed = born.year + rng.randint(23, 30)
    appointed = min(appointed, today.year)
    return f"{born:%Y%m%d}{appointed}{rng.randint(1, 12):02d}{2 if female else 1}{rng.randint(1, 999):03d}"


def mobile(rng: random.Random) -> str:
    """A mobile number as people say it, 08…: Telkomsel, Indosat, XL, Tri, Smartfren prefixes."""
    prefix = rng.choice(("0811", "0812", "0813", "0821", "0822", "0852", "0853", "0856", "0857", "0877", "0878"))
    return prefix + f"{rng.randint(0, 99_999_999):08d}"[: rng.choice((7, 8, 8))]


def office_phone(rng: random.Random, area: str) -> str:
    """A company's number in the +62 form the registration form stores: a landline or a mobile."""
    if rng.random() < 0.5:
        return "+62" + mobile(rng)[1:]
    return f"+62{area}{rng.randint(300_000, 899_999)}"


# The tax office (KPP) code and telephone area code are only plausible, not the real ones of each regency.
def tax_office(province: str, regency: str) -> str:
    return f"{(int(province) * 7 + int(regency)) % 900 + 100:03d}"


def area_code(province: str, regency: str) -> str:
    return f"{(int(province) * 13 + int(regency)) % 80 + 21}"


_POSTAL_FIRST = {"31": "1", "32": "4", "33": "5", "34": "5", "35": "6", "36": "4"}


def postal_code(rng: random.Random, province: str) -> str:
    """Indonesian postal codes start by region: 1 Jakarta, 2-3 Sumatra, 4-6 Java, 7 Kalimantan, 8 Bali and Nusa
    Tenggara, 9 Sulawesi, Maluku and Papua."""
    first = _POSTAL_FIRST.get(province) or {"1": "2" if province < "15" else "3", "2": "2", "5": "8", "6": "7"}.get(
        province[0], "9"
    )
    return f"{first}{rng.randint(0, 9999):04d}"
