"""The helpers of list rows (core.listing): the same URLs as reverse, text cut as Truncator cuts it, rows escaped as
the template engine escapes them."""

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


def test_a_row_format_escapes_each_value_as_the_template_engine_does():
    from django.template import Context, Template
    from django.utils import translation
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from sopan.core.listing import RowFormat

    markup = '<tr data-x="{a}"><td>{b}</td><td>{c}</td><td>{d}</td><td>{e}</td></tr>'
    values = {
        "a": 'CV "Maju" & <Jaya>',
        "b": "O'Neil <script>alert(1)</script>",
        "c": 2026,
        "d": gettext_lazy("Draft"),
        "e": mark_safe("<b>bold</b>"),
    }
    template = Template(markup.replace("{", "{{ ").replace("}", " }}"))
    with translation.override("id"):
        assert RowFormat(markup)(**values) == template.render(Context(values))
        assert "<td>Konsep</td>" in RowFormat(markup)(**values)  # the lazy text in the active language
