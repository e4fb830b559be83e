"""Waktu as it is written (issue 16 §4) and sub-steps within their parent's budget (§3): the printed forms the reader
interprets, when a step is due by each, the YAML round trip, the loader's warning for a text it cannot read, relative
times counted from another step, and Pengelolaan Penyedia (Pagar Alam 2024) step 4 "4 hari" covering 4a and 4b."""

from __future__ import annotations

import datetime as dt
import textwrap
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from sopan.core.calendar import WorkCalendar, end_of_minute
from sopan.sop import definition as d
from sopan.sop.services import cases
from sopan.sop.tests import factories

WIB = ZoneInfo("Asia/Jakarta")
CALENDAR = WorkCalendar(use_national_holidays=False)
MONDAY_9 = dt.datetime(2031, 3, 3, 9, 0, tzinfo=WIB)  # a Monday; the calendar has no holidays


# --- reading the printed text ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("printed", "low", "value", "unit"),
    [
        ("1-3 hari", 1, 3, "hari"),
        ("1 - 3 hari", 1, 3, "hari"),
        ("1 s.d. 3 hari", 1, 3, "hari"),
        ("1 sampai 3 hari", 1, 3, "hari"),
        ("1 x 24 jam", None, 1, "hari"),  # one day, not 24 working hours
        ("2x24 Jam", None, 2, "hari"),
        ("2 jam kerja", None, 2, "jam"),
        ("1 minggu", None, 1, "minggu"),
        ("1 bulan", None, 1, "bulan"),
        ("1/2 hari", None, 0.5, "hari"),
        ("± 15 menit", None, 15, "menit"),
        ("paling lambat 3 hari kerja", None, 3, "hari"),
        ("maksimal 10 menit", None, 10, "menit"),
        ("Maks. 2 hari", None, 2, "hari"),
        ("paling lama 1 (satu) hari kerja", None, 1, "hari"),  # Perwali Salatiga 41/2024 Pasal 9 ayat (2)
        ("5 menit terhitung setelah mengisi buku tamu", None, 5, "menit"),
    ],
)
def test_printed_times_are_read_as_a_reader_reads_them(printed, low, value, unit):
    waktu = d.parse_time(printed)
    assert (waktu.text, waktu.low, waktu.value, waktu.unit, waktu.every) == (printed, low, value, unit, None)


@pytest.mark.parametrize(
    ("printed", "every"),
    [("setiap triwulan", "triwulan"), ("Setiap bulan", "bulan"), ("setiap tahun", "tahun"), ("tiap minggu", "minggu")],
)
def test_periodic_times_name_their_period(printed, every):
    assert d.parse_time(printed) == d.Waktu(text=printed, every=every)


@pytest.mark.parametrize("printed", ["sebentar", "1 Hari rapat", "3-1 hari", "1,5 bulan"])
def test_texts_the_reader_cannot_interpret_are_not_read(printed):
    assert d.parse_time(printed) is None


# --- when a step is due ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("printed", "due"),
    [
        ("1-3 hari", dt.datetime(2031, 3, 6, 9, 0, tzinfo=WIB)),  # the upper bound: Thursday
        ("1 x 24 jam", dt.datetime(2031, 3, 4, 9, 0, tzinfo=WIB)),  # the next working day, same time
        # half of the day's 7.5 working hours: 09.00–12.00, the 12.00–13.00 break, then 13.00–13.45
        ("1/2 hari", dt.datetime(2031, 3, 3, 13, 45, tzinfo=WIB)),
        ("1 minggu", dt.datetime(2031, 3, 10, 9, 0, tzinfo=WIB)),  # 5 working days
        ("1 bulan", dt.datetime(2031, 4, 3, 9, 0, tzinfo=WIB)),  # a calendar month
        ("setiap triwulan", dt.datetime(2031, 3, 31, 23, 59, tzinfo=WIB)),  # the end of the first quarter
        ("setiap bulan", dt.datetime(2031, 3, 31, 23, 59, tzinfo=WIB)),
        ("setiap minggu", dt.datetime(2031, 3, 9, 23, 59, tzinfo=WIB)),  # Sunday
        ("setiap tahun", dt.datetime(2031, 12, 31, 23, 59, tzinfo=WIB)),
        ("Sesuai kebutuhan", None),
    ],
)
def test_a_step_is_due_by_its_printed_time(printed, due):
    assert d.parse_time(printed).due(CALENDAR, MONDAY_9) == due


def test_a_month_ends_on_the_last_day_of_a_shorter_month():
    january_31 = dt.datetime(2031, 1, 31, 10, 0, tzinfo=WIB)
    assert d.parse_time("1 bulan").due(CALENDAR, january_31) == dt.datetime(2031, 2, 28, 10, 0, tzinfo=WIB)


def test_a_quarter_opened_in_its_middle_is_due_at_its_end_in_the_organisations_zone():
    may_10_utc = dt.datetime(2031, 5, 10, 20, 0, tzinfo=dt.UTC)  # 11 May 03.00 WIB
    assert d.parse_time("setiap triwulan").due(CALENDAR, may_10_utc) == dt.datetime(2031, 6, 30, 23, 59, tzinfo=WIB)


# --- loading ---------------------------------------------------------------------------------------------------------
GUEST_BOOK = textwrap.dedent(
    """
    format: sopan-sop/1
    key: uji-tamu
    identity: {title: SOP Uji Tamu}
    lanes:
    - {key: petugas, name: Petugas Registrasi, roles: [registration_officer]}
    steps:
    - {key: isi-buku-tamu, number: '1', text: Tamu mengisi buku tamu, symbol: start, lanes: [petugas], next: periksa}
    - {key: periksa, number: '2', text: Memeriksa identitas tamu, symbol: process, lanes: [petugas], time: 30 menit,
       next: terima}
    - {key: terima, number: '3', text: Menerima tamu, symbol: process, lanes: [petugas],
       time: 30 menit terhitung setelah mengisi buku tamu, next: selesai}
    - {key: selesai, number: '4', text: Selesai, symbol: end, lanes: [petugas], time: TIME}
    """
)


def _guest_book(time: str = "1-3 hari") -> str:
    return GUEST_BOOK.replace("TIME", time)


def test_a_relative_time_counts_from_the_step_its_text_names():
    definition = d.load_yaml(_guest_book())
    assert definition.step("terima").time.after == "isi-buku-tamu"
    assert not definition.warnings


def test_a_relative_time_whose_step_cannot_be_found_is_warned_and_a_wrong_from_refused():
    text = _guest_book().replace("setelah mengisi buku tamu", "setelah rapat")
    definition = d.load_yaml(text, source="tamu.yaml")
    assert definition.step("terima").time == d.Waktu(text="30 menit terhitung setelah rapat", value=30, unit="menit")
    assert [(w.where, w.field) for w in definition.warnings] == [("step 3 (terima)", "time")]
    assert "from: <step key>" in definition.warnings[0].message
    text = text.replace("time: 30 menit terhitung setelah rapat", "time: {text: 30 menit setelah rapat, from: rapat}")
    with pytest.raises(d.DefinitionError) as error:
        d.load_yaml(text, source="tamu.yaml")
    assert "tamu.yaml: step 3 (terima): time.from: step 'rapat' does not exist" in str(error.value)


def test_a_time_the_reader_cannot_interpret_loads_as_printed_with_a_warning_and_no_due_time():
    definition = d.load_yaml(_guest_book("1 Hari rapat"), source="tamu.yaml")
    step = definition.step("selesai")
    assert step.time == d.Waktu(text="1 Hari rapat") and step.time.due(CALENDAR, MONDAY_9) is None
    (warning,) = definition.warnings
    assert (warning.severity, warning.where, warning.field) == ("warning", "step 4 (selesai)", "time")
    assert "'1 Hari rapat' is kept as printed, with no due time" in warning.describe()


@pytest.mark.parametrize(
    "time",
    [
        "1-3 hari",
        "1 x 24 jam",
        "setiap triwulan",
        "± 15 menit",
        "{text: 'antara satu dan tiga hari', value: 3, low: 1, unit: hari}",
        "{text: akhir triwulan, every: triwulan}",
        "{text: '5 menit setelah diperiksa', value: 5, unit: menit, from: periksa}",
    ],
)
def test_every_waktu_round_trips_through_the_yaml_export(time):
    definition = d.load_yaml(_guest_book(time))
    again = d.load_yaml(definition.to_yaml())
    assert again == definition
    assert [s.time for s in again.steps] == [s.time for s in definition.steps]  # `after` included


# --- running ---------------------------------------------------------------------------------------------------------
def _monday_with_a_free_week() -> dt.datetime:
    """09.00 on a Monday ahead whose week and the next Monday are working days (holidays would move the dues)."""
    calendar = WorkCalendar()
    day = dt.date.today() + dt.timedelta(days=7)
    days = (0, 1, 2, 3, 4, 7)
    while day.weekday() != 0 or not all(calendar.is_working_day(day + dt.timedelta(days=i)) for i in days):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(9, 0), WIB)


def _complete(case, key):
    record = case.steps.get(step_key=key, status="open")
    checklist = case.version.parsed.step(key).requirements
    cases.step_complete(record=record, by=None, checklist=checklist)


@pytest.mark.parametrize(("checked", "due"), [(20, 30), (45, 45)])
def test_a_relative_step_is_due_counted_from_the_completion_of_the_step_it_names(organization, checked, due):
    """Step 3 is due 30 minutes after the guest book (step 1) was filled in at 09.00, not after its own opening; once
    that time has passed when it opens (09.45), it is due at once, never before it opened."""
    start = _monday_with_a_free_week()
    version = factories.effective_version(organization, _guest_book().replace("time: 30 menit,", "time: 1 jam,"))
    with freeze_time(start):
        case = cases.case_start(version=version, title="Tamu", by=None)
        _complete(case, "isi-buku-tamu")
    with freeze_time(start + dt.timedelta(minutes=checked)):
        _complete(case, "periksa")
    assert case.steps.get(step_key="terima").due_at == end_of_minute(start + dt.timedelta(minutes=due))


def test_pengelolaan_penyedia_sub_steps_4a_4b_are_due_within_step_4s_four_days(organization):
    """Step 4 ("4 hari") covers 4a and 4b ("2 hari" each): the group is due 4 working days after step 4 opened,
    not 6. Steps 2a-2c print no Waktu and are due with step 2 ("10 hari")."""
    text = (d.CATALOGUE_DIR / "pagar-alam" / "pengelolaan-penyedia.yaml").read_text(encoding="utf-8")
    version = factories.effective_version(organization, text)
    monday = _monday_with_a_free_week()
    with freeze_time(monday):
        case = cases.case_start(version=version, title="Pendataan 2031", by=None)
        _complete(case, "susun-tim-pendataan")
        step_2 = case.steps.get(step_key="lakukan-pendataan")
        _complete(case, "lakukan-pendataan")
        sub_2 = case.steps.filter(step_key__startswith="pendataan-")
        assert {r.due_at for r in sub_2} == {step_2.due_at}
        for record in sub_2:
            _complete(case, record.step_key)
        _complete(case, "rekap-hasil-pendataan")
        step_4 = case.steps.get(step_key="review-analisis-kebutuhan")
    friday_9 = monday + dt.timedelta(days=4)
    assert step_4.due_at == end_of_minute(friday_9)
    with freeze_time(monday + dt.timedelta(days=3)):  # Thursday: 2 more days would end on Monday
        _complete(case, "review-analisis-kebutuhan")
    sub_4 = case.steps.filter(step_key__startswith="analisis-kebutuhan-")
    assert [r.due_at for r in sub_4] == [end_of_minute(friday_9)] * 2
