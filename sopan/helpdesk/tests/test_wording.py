"""The Indonesian catalogue says what the English means (issue 14 §6): a time that may lie ahead is not worded as
passed ("sejak" only translates "since"), and the same English word used as a status and as an action, or as a
column heading and as a button, is told apart by its context (pgettext) and translated as each."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def test_sejak_is_used_only_for_a_time_passed(catalogue):
    """ "Berisiko terlambat sejak …" was shown for a time still ahead: "from" (a start that may be ahead) is "mulai" or
    "pada"; only "since" (a time passed) is "sejak"."""
    wrong = [e.msgid for e in catalogue if "sejak" in e.msgstr.lower() and "since" not in e.msgid.lower()]
    assert wrong == []
