"""The Indonesian catalogue says what the English means (issue 14 §6): a time that may lie ahead is not worded as
passed ("sejak" only translates "since"), and the same English word used as a status and as an action, or as a
column heading and as a button, is told apart by its context (pgettext) and translated as each."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from sopan.core.testing import login

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def test_sejak_is_used_only_for_a_time_passed(catalogue):
    """ "Berisiko terlambat sejak …" was shown for a time still ahead: "from" (a start that may be ahead) is "mulai" or
    "pada"; only "since" (a time passed) is "sejak"."""
    wrong = [e.msgid for e in catalogue if "sejak" in e.msgstr.lower() and "since" not in e.msgid.lower()]
    assert wrong == []


@pytest.mark.parametrize(
    ("context", "msgid", "indonesian"),
    [
        ("action", "Open", "Buka"),  # a link that opens a document
        (None, "Open", "Terbuka"),  # the status of a ticket or a step
        ("column: when it ends", "End", "Berakhir"),  # a column of dates
        (None, "End", "Akhiri"),  # the button that ends a role assignment
        (None, "Escalate", "Eskalasikan"),  # the ticket's button
        (None, "Login", "Akses masuk"),  # a heading, not the verb "Masuk"
    ],
)
def test_a_word_used_as_status_and_action_is_translated_as_each(context, msgid, indonesian):
    with translation.override("id"):
        assert (pgettext(context, msgid) if context else gettext(msgid)) == indonesian


# An English word that is an action in one place and a status or a column heading in another: where it is a link or
# a button it says "action", where it heads a column of dates it says so.
ACTION_WORDS = ("Open",)
HEADING_WORDS = ("End",)


def _templates() -> list[Path]:
    return sorted(Path(settings.BASE_DIR, "sopan").glob("**/templates/**/*.html"))


def test_templates_give_the_context_of_a_word_used_in_both_senses():
    plain = re.compile(r'\{%\s*translate\s+"(' + "|".join(ACTION_WORDS + HEADING_WORDS) + r')"\s*%\}')
    wrong = []
    for path in _templates():
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in plain.finditer(line):
                before = line[: match.start()]
                in_action = match[1] in ACTION_WORDS and re.search(r"<(a|button)\b[^>]*>\s*$", before)
                in_heading = match[1] in HEADING_WORDS and re.search(r"<th\b[^>]*>\s*$", before)
                if in_action or in_heading:
                    wrong.append(f"{path.relative_to(settings.BASE_DIR)}:{line_number}")
    assert wrong == []


def test_the_announcements_list_heads_its_end_column_with_a_noun(client, personas, organization):
    """'Akhiri' (end it!) headed the column of end times; the column says when an announcement ends: 'Berakhir'."""
    agent = personas["helpdesk_agent"]
    agent.language = "id"
    agent.save(update_fields=["language"])
    login(client, agent)
    page = client.get(reverse("helpdesk:announcement-list")).content.decode()
    headings = re.findall(r'<th scope="col">([^<]*)</th>', page)
    assert "Berakhir" in headings and "Akhiri" not in headings
