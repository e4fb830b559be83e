import datetime

import pytest

from sopan.core.cells import cell_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("", ""),
        ("  Dinas\n Pekerjaan\tUmum  ", "Dinas Pekerjaan Umum"),
        (12345.0, "12345"),  # a code typed into a number cell
        (12.5, "12.5"),
        (250000000, "250000000"),
        (datetime.date(2026, 3, 2), "2026-03-02"),
    ],
)
def test_a_cell_reads_as_one_line_of_text(value, text):
    assert cell_text(value) == text
