"""The helpers of list rows (core.listing): the same URLs as reverse, text cut as Truncator cuts it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.text import Truncator

from sopan.core.listing import pk_url, shorten


@pytest.mark.parametrize("name", ["helpdesk:ticket-detail", "vendors:workspace", "sop:case-detail"])
def test_a_url_resolved_once_is_the_url_reverse_gives(name):
    url_of = pk_url(name)
    for pk in (1, 42, 918273645, 10**12):
        assert url_of(pk) == reverse(name, kwargs={"pk": pk})


def test_a_url_takes_only_a_whole_number():
    with pytest.raises(ValueError):
        pk_url("helpdesk:ticket-detail")("1/../../admin")


@pytest.mark.parametrize("text", ["", "Gagal unggah", "x" * 79, "y" * 80, "z" * 81, "Dokumen penawaran " * 10])
def test_text_is_cut_as_truncator_cuts_it(text):
    assert shorten(text, 80) == Truncator(text).chars(80)
    assert len(shorten(text, 80)) <= 80
    assert shorten(None, 80) == ""
