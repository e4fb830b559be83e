"""NIK, NPWP, NIB, KBLI and phone numbers as vendors type them, and the provinces behind the NIK."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.id import nik as stdnum_nik
from stdnum.id import npwp as stdnum_npwp

from sopan.vendors import identifiers
from sopan.vendors.identifiers import (
    KBLI_DIVISIONS,
    mask_nik,
    mask_npwp,
    nik_birth_date,
    normalize_digits,
    parse_kbli_list,
    validate_kbli,
    validate_nib,
    validate_nik,
    validate_npwp,
    validate_phone,
)
from sopan.vendors.regions import PROVINCE_CHOICES, PROVINCES, province_name

TODAY = datetime.date(2026, 5, 1)
SALATIGA = "337301"  # Jawa Tengah (33), Kota Salatiga (73), Argomulyo (01)
NIK = SALATIGA + "170885" + "0012"  # a man born on 17 August 1985

# NPWPs of companies as printed on their published documents (15 digits, old format).
PUBLISHED_NPWPS = [
    "01.312.166.0-091.000",
    "01.000.161.8-092.000",
    "02.037.103.5-502.000",
    "31.154.173.4-411.000",
    "90.004.581.6-201.000",
    "016090524017000",
]

QUICK = settings(max_examples=200, deadline=None, database=None)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused(check, value, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check(value, **kwargs)
    return caught.value


def nik(region: str = SALATIGA, birth: str = "170885", serial: str = "0012") -> str:
    return region + birth + serial


# --- normalising -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("01.234.567.8-901.000", "012345678901000"),
        ("3373 0117 0885 0012", "3373011708850012"),
        (" 3373-01\t17\n08 ", "33730117 08".replace(" ", "")),
        ("33\u00a073\u201301", "337301"),  # no-break space and en dash, as copied from a word processor
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_digits_strips_spaces_dots_and_dashes(typed, digits):
    assert normalize_digits(typed) == digits


@QUICK
@given(st.lists(st.sampled_from([*"0123456789", " ", ".", "-", "\u2013", "\u00a0"])).map("".join))
def test_normalize_digits_keeps_exactly_the_digits(typed):
    normalized = normalize_digits(typed)

    assert normalized == "".join(char for char in typed if char.isdigit())
    assert normalize_digits(normalized) == normalized


# --- NIK ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed",
    [NIK, "3373 0117 0885 0012", "33.73.01.170885.0012", "3373-0117-0885-0012"],
)
def test_a_valid_nik_is_returned_as_digits(typed):
    assert validate_nik(typed, today=TODAY) == NIK


@pytest.mark.parametrize("code", [code for code, _name in PROVINCES])
def test_every_province_code_is_accepted_in_a_nik(code):
    assert validate_nik(nik(region=code + "0101"), today=TODAY).startswith(code)


@pytest.mark.parametrize(
    ("birth", "born"),
    [
        ("170885", datetime.date(1985, 8, 17)),
        ("570885", datetime.date(1985, 8, 17)),  # a woman: 40 added to the day
        ("710199", datetime.date(1999, 1, 31)),
        ("010108", datetime.date(2008, 1, 1)),  # 18: this century
        ("290200", datetime.date(2000, 2, 29)),  # 2000 was a leap year (1900 was not)
        ("010509", datetime.date(2009, 5, 1)),  # 17 today: old enough
        ("020526", datetime.date(1926, 5, 2)),  # 99 until tomorrow; 2026-05-02 would be in the future
        ("020527", datetime.date(1927, 5, 2)),  # a date in the future is read a century earlier
    ],
)
def test_the_birth_date_is_read_with_the_century_that_gives_a_plausible_age(birth, born):
    assert nik_birth_date(nik(birth=birth), today=TODAY) == born


def test_the_birth_date_is_judged_against_today_by_default():
    today = datetime.date.today()
    seventeen_years_ago = today.replace(year=today.year - 17, day=min(today.day, 28))

    assert validate_nik(nik(birth=seventeen_years_ago.strftime("%d%m%y"))).startswith(SALATIGA)


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        (NIK[:-1], "nik_length", "The NIK must have 16 digits; this one has 15."),
        (NIK + "7", "nik_length", "The NIK must have 16 digits; this one has 17."),
        ("", "nik_length", "The NIK must have 16 digits; this one has 0."),
        ("3373O11708850012", "nik_not_digits", "The NIK may contain only digits, not “O”."),
        ("3373\u200b011708850012", "nik_not_digits", "The NIK may contain only digits, not “U+200B”."),
        (
            "1111111111111111",
            "nik_implausible",
            "The NIK 1111111111111111 is not plausible: all its digits are the same.",
        ),
        (nik(region="997301"), "nik_province", "The NIK's province code 99 does not exist."),
        (nik(region="207301"), "nik_province", "The NIK's province code 20 does not exist."),
        # 97 is Statistics Indonesia's number for Papua Pegunungan; the NIK uses Kemendagri's (95).
        (nik(region="977301"), "nik_province", "The NIK's province code 97 does not exist."),
        (nik(region="330001"), "nik_regency", "The NIK's regency code (digits 3-4) must not be 00."),
        (nik(region="337300"), "nik_district", "The NIK's district code (digits 5-6) must not be 00."),
        (nik(birth="310299"), "nik_birth_date", "The NIK's birth date (31-02-99) is not a real date."),
        (nik(birth="710299"), "nik_birth_date", "The NIK's birth date (31-02-99) is not a real date."),
        (nik(birth="290201"), "nik_birth_date", "The NIK's birth date (29-02-01) is not a real date."),
        (nik(birth="151385"), "nik_birth_date", "The NIK's birth date (15-13-85) is not a real date."),
        (nik(birth="150085"), "nik_birth_date", "The NIK's birth date (15-00-85) is not a real date."),
        (nik(birth="000185"), "nik_birth_date", "The NIK's birth date (00-01-85) is not a real date."),
        (nik(birth="400185"), "nik_birth_date", "The NIK's birth date (40-01-85) is not a real date."),
        (nik(birth="350185"), "nik_birth_date", "The NIK's birth date (35-01-85) is not a real date."),
        (nik(birth="720185"), "nik_birth_date", "The NIK's birth date (32-01-85) is not a real date."),
        (
            nik(birth="020509"),  # 16 tomorrow, or 116
            "nik_age",
            "The NIK's birth date (02-05-09) does not give an age between 17 and 99 years.",
        ),
        (
            nik(birth="010526"),  # born today, or 100 today
            "nik_age",
            "The NIK's birth date (01-05-26) does not give an age between 17 and 99 years.",
        ),
        (nik(serial="0000"), "nik_serial", "The NIK's serial number (the last 4 digits) must not be 0000."),
    ],
)
def test_an_invalid_nik_is_refused_saying_what_is_wrong(typed, code, message):
    error = refused(validate_nik, typed, today=TODAY)

    assert error.messages == [message]
    assert error.code == code


REGIONS = st.tuples(
    st.sampled_from([code for code, _name in PROVINCES]),
    st.integers(1, 99),
    st.integers(1, 99),
).map(lambda r: f"{r[0]}{r[1]:02d}{r[2]:02d}")
ADULT_BIRTH_DATES = st.dates(
    min_value=TODAY.replace(year=TODAY.year - 99) + datetime.timedelta(days=1),
    max_value=TODAY.replace(year=TODAY.year - 17),
)


@QUICK
@given(
    region=REGIONS,
    born=ADULT_BIRTH_DATES,
    woman=st.booleans(),
    serial=st.integers(1, 9999),
    separator=st.sampled_from(["", " ", ".", "-"]),
)
def test_any_well_formed_nik_is_accepted_and_gives_back_its_birth_date(region, born, woman, serial, separator):
    day = born.day + 40 if woman else born.day
    digits = f"{region}{day:02d}{born:%m%y}{serial:04d}"
    typed = separator.join([digits[:6], digits[6:12], digits[12:]])

    assert validate_nik(typed, today=TODAY) == digits
    assert nik_birth_date(typed, today=TODAY) == born


# --- NPWP --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", PUBLISHED_NPWPS)
def test_published_npwps_are_accepted(typed):
    assert validate_npwp(typed) == normalize_digits(typed)


def test_the_16_digit_form_of_an_old_npwp_is_a_zero_in_front():
    assert validate_npwp("0013121660091000") == "0013121660091000"


def test_a_persons_16_digit_npwp_is_their_nik():
    assert validate_npwp(NIK, today=TODAY) == NIK


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        (
            "01.312.166.1-091.000",
            "npwp_check_digit",
            "The NPWP's check digit (digit 9) does not match the digits before it.",
        ),
        (
            "0013121661091000",
            "npwp_check_digit",
            "The NPWP's check digit (digit 10) does not match the digits before it.",
        ),
        ("01.312.166.0-091.00", "npwp_length", "The NPWP must have 15 or 16 digits; this one has 14."),
        ("01.312.166.0-091.00000", "npwp_length", "The NPWP must have 15 or 16 digits; this one has 17."),
        ("01.312.166.O-091.000", "npwp_not_digits", "The NPWP may contain only digits, not “O”."),
        (
            "00.000.000.0-000.000",
            "npwp_implausible",
            "The NPWP 000000000000000 is not plausible: all its digits are the same.",
        ),
        (
            "0000000000000000",
            "npwp_implausible",
            "The NPWP 0000000000000000 is not plausible: all its digits are the same.",
        ),
        (
            nik(region="997301"),
            "nik_province",
            "A 16-digit NPWP not starting with 0 is a person's NIK. The NIK's province code 99 does not exist.",
        ),
        (
            nik(birth="310299"),
            "nik_birth_date",
            "A 16-digit NPWP not starting with 0 is a person's NIK. "
            "The NIK's birth date (31-02-99) is not a real date.",
        ),
    ],
)
def test_an_invalid_npwp_is_refused_saying_what_is_wrong(typed, code, message):
    error = refused(validate_npwp, typed, today=TODAY)

    assert error.messages == [message]
    assert error.code == code


def _accepted(npwp: str) -> bool:
    try:
        validate_npwp(npwp)
    except ValidationError:
        return False
    return True


@QUICK
@given(payload=st.from_regex(r"[0-9]{8}", fullmatch=True), office=st.from_regex(r"[1-9][0-9]{2}", fullmatch=True))
def test_exactly_one_check_digit_completes_any_npwp(payload, office):
    accepted = [check for check in "0123456789" if _accepted(f"{payload}{check}{office}000")]

    assert len(accepted) == 1


@QUICK
@given(npwp=st.sampled_from(PUBLISHED_NPWPS), position=st.integers(0, 8), shift=st.integers(1, 9))
def test_a_single_mistyped_digit_before_the_check_digit_is_caught(npwp, position, shift):
    digits = list(normalize_digits(npwp))
    digits[position] = str((int(digits[position]) + shift) % 10)

    assert not _accepted("".join(digits))


# --- NIB ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["9120001234567", "9120 0012 3456 7", "0220001234567"])
def test_a_valid_nib_is_returned_as_digits(typed):
    assert validate_nib(typed) == normalize_digits(typed)


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("912000123456", "nib_length", "The NIB must have 13 digits; this one has 12."),
        ("91200012345678", "nib_length", "The NIB must have 13 digits; this one has 14."),
        ("91200O1234567", "nib_not_digits", "The NIB may contain only digits, not “O”."),
        ("0000000000000", "nib_implausible", "The NIB 0000000000000 is not plausible: all its digits are the same."),
        ("7777777777777", "nib_implausible", "The NIB 7777777777777 is not plausible: all its digits are the same."),
    ],
)
def test_an_invalid_nib_is_refused_saying_what_is_wrong(typed, code, message):
    error = refused(validate_nib, typed)

    assert error.messages == [message]
    assert error.code == code


# --- KBLI --------------------------------------------------------------------------------------------------------
def test_kbli_divisions_are_the_88_of_isic_rev_4():
    missing = {number for number in range(100) if f"{number:02d}" not in KBLI_DIVISIONS}

    assert len(KBLI_DIVISIONS) == 88
    assert missing == {0, 4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89}


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("46100", "46100"),
        ("01111", "01111"),
        ("41011", "41011"),
        ("62010", "62010"),
        ("99000", "99000"),
        ("46.100", "46100"),
    ],
)
def test_a_valid_kbli_code_is_returned_as_digits(typed, code):
    assert validate_kbli(typed) == code


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("4610", "kbli_length", "The KBLI code 4610 must have 5 digits; it has 4."),
        ("461000", "kbli_length", "The KBLI code 461000 must have 5 digits; it has 6."),
        ("46A00", "kbli_not_digits", "The KBLI code “46A00” may contain only digits."),
        ("", "kbli_empty", "Enter a KBLI code (5 digits)."),
        ("40100", "kbli_division", "The KBLI code 40100 starts with 40, which is not a KBLI 2020 division."),
        ("04100", "kbli_division", "The KBLI code 04100 starts with 04, which is not a KBLI 2020 division."),
        ("00000", "kbli_division", "The KBLI code 00000 starts with 00, which is not a KBLI 2020 division."),
        ("76000", "kbli_division", "The KBLI code 76000 starts with 76, which is not a KBLI 2020 division."),
    ],
)
def test_an_invalid_kbli_code_is_refused_saying_what_is_wrong(typed, code, message):
    error = refused(validate_kbli, typed)

    assert error.messages == [message]
    assert error.code == code


def test_a_kbli_list_is_split_on_commas_spaces_and_new_lines_each_code_once_in_order():
    assert parse_kbli_list("46100, 62010\n46100 47111;41011,,\r\n62010") == ["46100", "62010", "47111", "41011"]


@pytest.mark.parametrize("text", ["", "  \n ,", None])
def test_an_empty_kbli_list_gives_no_codes(text):
    assert parse_kbli_list(text) == []


def test_every_wrong_kbli_code_in_a_list_is_named_once():
    error = refused(parse_kbli_list, "46100, 4610, 40100\n4610")

    assert error.messages == [
        "The KBLI code 4610 must have 5 digits; it has 4.",
        "The KBLI code 40100 starts with 40, which is not a KBLI 2020 division.",
    ]
    assert [e.code for e in error.error_list] == ["kbli_length", "kbli_division"]


# --- masks -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mask", "typed", "shown"),
    [
        (mask_nik, NIK, "3373••••••••••12"),
        (mask_nik, "3373 0117 0885 0012", "3373••••••••••12"),
        (mask_npwp, "01.312.166.0-091.000", "0131•••••••••00"),
        (mask_npwp, NIK, "3373••••••••••12"),
        (mask_nik, "12345", "•••••"),  # too short to be a NIK: nothing of it is shown
        (mask_nik, "", ""),
    ],
)
def test_masks_show_only_the_first_four_and_last_two_digits(mask, typed, shown):
    assert mask(typed) == shown


@QUICK
@given(st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_a_masked_nik_hides_its_middle(digits):
    masked = mask_nik(digits)

    assert len(masked) == 16
    assert masked[:4] == digits[:4]
    assert masked[-2:] == digits[-2:]
    assert set(masked[4:-2]) == {identifiers.MASK}


# --- phone numbers -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("+62 812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("0062 812 3456 7890", "+6281234567890"),  # dialled from Indonesia with the international prefix
        ("+62 (0)21 1234567", "+62211234567"),
        ("(0298) 321234", "+62298321234"),
        ("021-1234567", "+62211234567"),
        ("0298 24567", "+6229824567"),  # the shortest: a 5-digit line behind a 3-digit area code
        ("\u00a0+62\u00a0812\u20133456\u20137890 ", "+6281234567890"),
    ],
)
def test_an_indonesian_phone_number_is_returned_as_plus_62(typed, normalized):
    assert validate_phone(typed) == normalized


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("+65 6123 4567", "phone_foreign", "Only Indonesian phone numbers (+62) are accepted."),
        ("0065 6123 4567", "phone_foreign", "Only Indonesian phone numbers (+62) are accepted."),
        ("812 3456 7890", "phone_prefix", "The phone number must start with +62, 62 or 0."),
        ("+62 0812 3456 7890", "phone_double_prefix", "Write the phone number with +62 or with a leading 0, not both."),
        ("0812 345", "phone_too_short", "The phone number has 6 digits after +62 or 0; at least 8 are needed."),
        (
            "+62 8123 4567 8901 23",
            "phone_too_long",
            "The phone number has 14 digits after +62 or 0; at most 13 are possible.",
        ),
        (
            "0812 3456 7890 ext 12",
            "phone_characters",
            "The phone number may contain only digits, spaces, dashes, dots and brackets, not “e”.",
        ),
        (
            "0812+3456+7890",
            "phone_characters",
            "The phone number may contain only digits, spaces, dashes, dots and brackets, not “+”.",
        ),
        ("", "phone_prefix", "The phone number must start with +62, 62 or 0."),
    ],
)
def test_an_invalid_phone_number_is_refused_saying_what_is_wrong(typed, code, message):
    error = refused(validate_phone, typed)

    assert error.messages == [message]
    assert error.code == code


@QUICK
@given(st.from_regex(r"[1-9][0-9]{7,12}", fullmatch=True))
def test_every_way_of_writing_a_number_gives_the_same_plus_62_form(national):
    forms_ = {validate_phone(f"+62 {national}"), validate_phone(f"62{national}"), validate_phone(f"0{national}")}

    assert forms_ == {f"+62{national}"}
    assert validate_phone(f"+62{national}") == f"+62{national}"


# --- provinces ---------------------------------------------------------------------------------------------------
def test_there_are_38_provinces_each_with_its_own_code_and_name():
    codes = [code for code, _name in PROVINCES]
    names = [name for _code, name in PROVINCES]

    assert len(PROVINCES) == 38
    assert len(set(codes)) == 38
    assert len(set(names)) == 38
    assert all(len(code) == 2 and code.isdigit() for code in codes)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("11", "Aceh"),
        ("16", "Sumatera Selatan"),
        ("21", "Kepulauan Riau"),
        ("33", "Jawa Tengah"),
        ("65", "Kalimantan Utara"),
        ("91", "Papua"),
        ("92", "Papua Barat"),
        ("93", "Papua Selatan"),
        ("94", "Papua Tengah"),
        ("95", "Papua Pegunungan"),
        ("96", "Papua Barat Daya"),
    ],
)
def test_province_name(code, name):
    assert province_name(code) == name


@pytest.mark.parametrize("code", ["97", "99", "00", "3", "", "330"])
def test_a_code_that_is_no_province_has_no_name(code):
    assert province_name(code) is None


def test_province_choices_serve_a_form_field():
    field = forms.ChoiceField(choices=PROVINCE_CHOICES)

    assert field.clean("33") == "33"
    with pytest.raises(ValidationError):
        field.clean("97")


# --- what python-stdnum decides ----------------------------------------------------------------------------------
@QUICK
@given(npwp=st.from_regex(r"0?[1-9][0-9]{14}", fullmatch=True))
def test_an_npwp_of_the_old_form_is_accepted_exactly_when_stdnum_accepts_it(npwp):
    assume(len(set(npwp)) > 1)  # all digits the same: refused as implausible before stdnum is asked

    assert _accepted(npwp) == stdnum_npwp.is_valid(npwp)


@pytest.mark.parametrize("typed", ["01.312.166.9-091.000", "0013121669091000", "90.004.581.0-201.000"])
def test_an_npwp_stdnum_refuses_for_its_check_digit_is_refused_naming_the_digit(typed):
    assert not stdnum_npwp.is_valid(typed)

    error = refused(validate_npwp, typed)

    assert error.code == "npwp_check_digit"
    assert error.messages == [
        f"The NPWP's check digit (digit {len(normalize_digits(typed)) - 6}) does not match the digits before it."
    ]


@pytest.mark.parametrize("region", ["650101", "920101", "950101"])
def test_a_nik_of_a_province_missing_from_stdnums_table_is_accepted(region):
    # Kalimantan Utara (65, 2012) and the Papua provinces of 2022 are not in stdnum's table of regions.
    assert not stdnum_nik.is_valid(nik(region=region))

    assert validate_nik(nik(region=region), today=TODAY) == nik(region=region)


@pytest.mark.parametrize(
    "typed", ["+6281234567890", "+62 812-3456-7890", "62 812 3456 7890", "0812-3456-7890", "0062 812 3456 7890"]
)
def test_plus_62_and_08_give_the_same_number(typed):
    assert validate_phone(typed) == "+6281234567890"


@pytest.mark.parametrize("typed", ["+1 202 555 0100", "+44 20 7946 0958", "0061 2 9374 4000", "+999 1234 5678"])
def test_a_number_of_another_country_is_refused_as_foreign(typed):
    error = refused(validate_phone, typed)

    assert error.code == "phone_foreign"
    assert error.messages == ["Only Indonesian phone numbers (+62) are accepted."]


@pytest.mark.parametrize("typed", ["+62", "+621", "0062 1"])
def test_plus_62_with_too_few_digits_is_too_short_not_foreign(typed):
    assert refused(validate_phone, typed).code == "phone_too_short"
