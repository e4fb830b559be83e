"""The live evidence this module offers for the LPSE standard "continuity" (hook "standard_evidence", contract in
sopan/core/standard_evidence.py): the last SPSE backup, the last restore test of the SPSE and its result, the last
run of Sopan's own restore drill. Three queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sopan.archives.models import Backup, RestoreTest
from sopan.archives.selectors import last_restore_test
from sopan.core.standard_evidence import Evidence


def _when(moment, organization) -> str:
    return f"{date_format(timezone.localtime(moment), 'j F Y H.i')} {organization.zone_abbreviation}"


def _test(test: RestoreTest | None, organization) -> str:
    if test is None:
        return _("none recorded")
    return _("%(when)s, %(result)s (%(seconds)s s)") % {
        "when": _when(test.tested_at, organization), "result": test.get_result_display(),
        "seconds": test.duration_seconds,
    }  # fmt: skip


def evidence(*, organization) -> list[Evidence]:
    url = reverse("backups:backups")
    last = Backup.objects.filter(organization=organization).order_by("-taken_at", "-id").first()
    return [
        Evidence("continuity", gettext_lazy("Last SPSE backup"),
                 _when(last.taken_at, organization) if last else _("none logged"), url),
        Evidence("continuity", gettext_lazy("Last SPSE restore test"),
                 _test(last_restore_test(organization, RestoreTest.Kind.SPSE), organization), url),
        Evidence("continuity", gettext_lazy("Last Sopan restore drill"),
                 _test(last_restore_test(organization, RestoreTest.Kind.SOPAN), organization), url),
    ]  # fmt: skip
