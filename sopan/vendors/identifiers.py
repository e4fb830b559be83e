"""Indonesian identifiers of vendors and their people: NIK, NPWP, NIB, KBLI codes and phone numbers.

Each validator takes what a person typed (with the usual dots, dashes and spaces), raises ValidationError with a
message that says exactly what is wrong and a `code`, and returns the value in its normal form: digits only, phone
numbers as +62…. The masks show a personal number without giving it away.
"""

from __future__ import annotations

import datetime
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.id import npwp as stdnum_npwp

from sopan.vendors.regions import PROVINCE_CODES

MASK = "•"  # the same bullet as the `mask` template filter

NIK_LENGTH = 16
NIB_LENGTH = 13
KBLI_LENGTH = 5
# A NIK checked here belongs to someone who acts for a vendor: an adult, and the two-digit year then has one reading.
MIN_AGE = 17
MAX_AGE = 99

# KBLI 2020 (Peraturan BPS 2/2020) keeps the divisions of ISIC Rev. 4: sections A to U, and the gaps between them.
_KBLI_SECTIONS = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)
KBLI_DIVISIONS: frozenset[str] = frozenset(
    f"{division:02d}" for _section, first, last in _KBLI_SECTIONS for division in range(first, last + 1)
)

# What people put between digit groups: whitespace (also the no-break space of copied text), dots, and dashes,
# typographic ones included (word processors turn "-" into "–").
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212]")
_DIGITS = frozenset("0123456789")  # str.isdigit() would also let through "²" and Arabic-Indic digits

# Phone numbers: the national significant number (after +62 or the leading 0) has 8 digits (an old 5-digit line
# behind a 3-digit area code) to 13 (E.164 allows 15 digits with the country code 62).
PHONE_MIN_DIGITS = 8
PHONE_MAX_DIGITS = 13
_PHONE_TRUNK_IN_BRACKETS = re.compile(r"^(\+?\s*62[\s.\-]*)\(\s*0\s*\)")  # "+62 (0)21 …": the (0) is not dialled


def normalize_digits(value) -> str:
    """The value without spaces, dots and dashes: "01.234.567.8-901.000" -> "012345678901000"."""
    if value is None:
        return ""
    return _SEPARATORS.sub("", str(value))


def _shown(char: str) -> str:
    return char if char.isprintable() else f"U+{ord(char):04X}"


def _require_digits(digits: str, *, name: str, code: str) -> None:
    for char in digits:
        if char not in _DIGITS:
            raise ValidationError(
                _("The %(name)s may contain only digits, not “%(char)s”.") % {"name": name, "char": _shown(char)},
                code=code,
            )


def _require_length(digits: str, length: int, *, name: str, code: str) -> None:
    if len(digits) != length:
        raise ValidationError(
            _("The %(name)s must have %(expected)s digits; this one has %(count)s.")
            % {"name": name, "expected": length, "count": len(digits)},
            code=code,
        )


def _refuse_repeated(digits: str, *, name: str, code: str) -> None:
    if len(set(digits)) == 1:
        raise ValidationError(
            _("The %(name)s %(number)s is not plausible: all its digits are the same.")
            % {"name": name, "number": digits},
            code=code,
        )


# --- NIK (Nomor Induk Kependudukan): PP RR DD DDMMYY SSSS --------------------------------------------------------
def validate_nik(value, *, today: datetime.date | None = None) -> str:
    """Check a NIK: 16 digits, a real province, regency and district, a plausible birth date, a serial; return it.

    Digits 7-12 are the birth date DDMMYY, with 40 added to the day for women. `today` (default: today in the current
    time zone) decides the century and the age.
    """
    digits = normalize_digits(value)
    _require_digits(digits, name="NIK", code="nik_not_digits")
    _require_length(digits, NIK_LENGTH, name="NIK", code="nik_length")
    _refuse_repeated(digits, name="NIK", code="nik_implausible")
    province, regency, district = digits[0:2], digits[2:4], digits[4:6]
    if province not in PROVINCE_CODES:
        raise ValidationError(
            _("The NIK's province code %(code)s does not exist.") % {"code": province}, code="nik_province"
        )
    if regency == "00":
        raise ValidationError(_("The NIK's regency code (digits 3-4) must not be 00."), code="nik_regency")
    if district == "00":
        raise ValidationError(_("The NIK's district code (digits 5-6) must not be 00."), code="nik_district")
    _birth_date(digits, today or timezone.localdate())
    if digits[12:] == "0000":
        raise ValidationError(_("The NIK's serial number (the last 4 digits) must not be 0000."), code="nik_serial")
    return digits


def nik_birth_date(value, *, today: datetime.date | None = None) -> datetime.date:
    """The birth date a valid NIK gives, its century chosen so that the person is 17 to 99 years old."""
    today = today or timezone.localdate()
    return _birth_date(validate_nik(value, today=today), today)


def _birth_date(digits: str, today: datetime.date) -> datetime.date:
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > 40:  # a woman's NIK
        day -= 40
    shown = f"{day:02d}-{month:02d}-{year:02d}"
    candidates = []
    for century in (2000, 1900):
        try:
            candidates.append(datetime.date(century + year, month, day))
        except ValueError:  # no such day, or 29 February of a year that is not a leap year
            continue
    if not candidates:
        raise ValidationError(
            _("The NIK's birth date (%(date)s) is not a real date.") % {"date": shown}, code="nik_birth_date"
        )
    for born in candidates:
        # A date in the future gives a negative age, so it is never chosen.
        if MIN_AGE <= _age(born, today) <= MAX_AGE:
            return born
    raise ValidationError(
        _("The NIK's birth date (%(date)s) does not give an age between %(min)s and %(max)s years.")
        % {"date": shown, "min": MIN_AGE, "max": MAX_AGE},
        code="nik_age",
    )


def _age(born: datetime.date, today: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# --- NPWP (Nomor Pokok Wajib Pajak) ------------------------------------------------------------------------------
def validate_npwp(value, *, today: datetime.date | None = None) -> str:
    """Check an NPWP and return its digits.

    Two forms: the old 15 digits (2 taxpayer type, 6 serial, 1 check digit, 3 tax office, 3 branch) and, since 2024,
    16 digits: a person's NIK, or for everyone else a 0 followed by the old 15 digits. The check digit is the Luhn
    check digit of the first 8 digits of the old form (every NPWP published in the wild satisfies it); python-stdnum's
    `stdnum.id.npwp` checks it. A person's NIK is checked by `validate_nik`, not by stdnum's, whose table of regions
    predates Kalimantan Utara (2012) and the Papua provinces of 2022 and would refuse their residents.
    """
    digits = normalize_digits(value)
    _require_digits(digits, name="NPWP", code="npwp_not_digits")
    if len(digits) not in (15, 16):
        raise ValidationError(
            _("The NPWP must have 15 or 16 digits; this one has %(count)s.") % {"count": len(digits)},
            code="npwp_length",
        )
    _refuse_repeated(digits, name="NPWP", code="npwp_implausible")
    if len(digits) == 16 and not digits.startswith("0"):
        try:
            validate_nik(digits, today=today)
        except ValidationError as error:
            raise ValidationError(
                _("A 16-digit NPWP not starting with 0 is a person's NIK. %(problem)s")
                % {"problem": error.messages[0]},
                code=error.code,
            ) from error
        return digits
    try:
        stdnum_npwp.validate(digits)  # the Luhn check digit of the old form's first 8 digits
    except InvalidChecksum as error:
        raise ValidationError(
            _("The NPWP's check digit (digit %(position)s) does not match the digits before it.")
            % {"position": len(digits) - 6},  # the 9th digit of the old form, the 10th of the new
            code="npwp_check_digit",
        ) from error
    return digits


# --- NIB (Nomor Induk Berusaha, from OSS) ------------------------------------------------------------------------
def validate_nib(value) -> str:
    """Check an NIB (13 digits) and return its digits. OSS publishes no check digit, so none is checked."""
    digits = normalize_digits(value)
    _require_digits(digits, name="NIB", code="nib_not_digits")
    _require_length(digits, NIB_LENGTH, name="NIB", code="nib_length")
    _refuse_repeated(digits, name="NIB", code="nib_implausible")
    return digits


# --- KBLI (Klasifikasi Baku Lapangan Usaha Indonesia) 2020 --------------------------------------------------------
def validate_kbli(value) -> str:
    """Check a KBLI 2020 code: 5 digits whose first two are a KBLI division. Return its digits."""
    typed = str(value or "").strip()
    digits = normalize_digits(typed)
    if not digits:
        raise ValidationError(_("Enter a KBLI code (5 digits)."), code="kbli_empty")
    if any(char not in _DIGITS for char in digits):
        raise ValidationError(
            _("The KBLI code “%(code)s” may contain only digits.") % {"code": typed}, code="kbli_not_digits"
        )
    if len(digits) != KBLI_LENGTH:
        raise ValidationError(
            _("The KBLI code %(code)s must have 5 digits; it has %(count)s.") % {"code": digits, "count": len(digits)},
            code="kbli_length",
        )
    if digits[:2] not in KBLI_DIVISIONS:
        raise ValidationError(
            _("The KBLI code %(code)s starts with %(division)s, which is not a KBLI 2020 division.")
            % {"code": digits, "division": digits[:2]},
            code="kbli_division",
        )
    return digits


def parse_kbli_list(text) -> list[str]:
    """The KBLI codes in `text` (separated by commas, semicolons, spaces or new lines), each once, in order.

    Every wrong code is reported (one message each, naming it), not only the first.
    """
    codes: list[str] = []
    errors: list[ValidationError] = []
    wrong: set[str] = set()
    for token in re.split(r"[,;\s]+", str(text or "")):
        if not token:
            continue
        try:
            code = validate_kbli(token)
        except ValidationError as error:
            if token not in wrong:
                wrong.add(token)
                errors.append(error)
            continue
        if code not in codes:
            codes.append(code)
    if errors:
        raise ValidationError(errors)
    return codes


# --- masks -------------------------------------------------------------------------------------------------------
def _mask(value) -> str:
    digits = normalize_digits(value)
    if len(digits) < 12:  # too short to be the number: show nothing of it
        return MASK * len(digits)
    return digits[:4] + MASK * (len(digits) - 6) + digits[-2:]


def mask_nik(value) -> str:
    """The NIK with only its first 4 (province and regency) and last 2 digits shown: 3373••••••••••12."""
    return _mask(value)


def mask_npwp(value) -> str:
    """A person's NPWP (their NIK, or an old 15-digit one) masked like a NIK: 0123•••••••••00.

    A company's NPWP is public (it is printed on every tax invoice): show it as it is, without this.
    """
    return _mask(value)


# --- phone numbers -----------------------------------------------------------------------------------------------
def validate_phone(value) -> str:
    """Check an Indonesian phone number written with +62, 62, 0062 or 0 in front; return it as +62… (E.164).

    Any area code or mobile prefix is taken (a vendor's old line may be in no current numbering plan): only the
    country and the length are checked, with a message for each; phonenumbers reads the country and writes E.164.
    """
    typed = _PHONE_TRUNK_IN_BRACKETS.sub(r"\1", str(value or "").strip())
    international = typed.startswith("+")
    body = typed[1:] if international else typed
    for char in body:
        if char not in _DIGITS and char not in "()" and not _SEPARATORS.fullmatch(char):
            raise ValidationError(
                _("The phone number may contain only digits, spaces, dashes, dots and brackets, not “%(char)s”.")
                % {"char": _shown(char)},
                code="phone_characters",
            )
    digits = normalize_digits(body).replace("(", "").replace(")", "")
    if not international and digits.startswith("00"):  # dialled from Indonesia: 00 is the international prefix
        international, digits = True, digits[2:]
    if international and _country_code(digits) != 62:
        raise ValidationError(_("Only Indonesian phone numbers (+62) are accepted."), code="phone_foreign")
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise ValidationError(_("The phone number must start with +62, 62 or 0."), code="phone_prefix")
    if national.startswith("0"):
        raise ValidationError(
            _("Write the phone number with +62 or with a leading 0, not both."), code="phone_double_prefix"
        )
    if len(national) < PHONE_MIN_DIGITS:
        raise ValidationError(
            _("The phone number has %(count)s digits after +62 or 0; at least %(min)s are needed.")
            % {"count": len(national), "min": PHONE_MIN_DIGITS},
            code="phone_too_short",
        )
    if len(national) > PHONE_MAX_DIGITS:
        raise ValidationError(
            _("The phone number has %(count)s digits after +62 or 0; at most %(max)s are possible.")
            % {"count": len(national), "max": PHONE_MAX_DIGITS},
            code="phone_too_long",
        )
    return phonenumbers.format_number(phonenumbers.parse(f"+62{national}"), phonenumbers.PhoneNumberFormat.E164)


def _country_code(digits: str) -> int | None:
    """The country code phonenumbers reads at the front of an international number (None: no country has it).

    "+62" with too few digits after it is still Indonesian: the length check then says how many are missing.
    """
    try:
        return phonenumbers.parse(f"+{digits}").country_code
    except phonenumbers.NumberParseException:
        return 62 if digits.startswith("62") else None
