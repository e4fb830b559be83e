"""Role matrix of the backups (/standar-lpse/cadangan/) and archives (/standar-lpse/arsip/) pages. The objects are
written directly on first use: a restore test with its evidence, a retention rule and a disposition decided on it.

Who is who: the Kepala LPSE and the Administrator Sistem see every page (the Koordinator LPSE too; no matrix persona
holds that role); the Administrator Sistem logs backups and restore tests, the Kepala LPSE also sets the interval and
the rules and decides dispositions; a vendor and everyone else get 403; the outsider (Kepala LPSE of another
organisation) sees their own organisation's pages (200) and gets 404 for our objects.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

ANON = {"anonymous": 302}
PAGES = {**ANON, "lpse_head": 200, "system_admin": 200, "outsider": 200}
OBJECTS = {**ANON, "lpse_head": 200, "system_admin": 200, "outsider": 404}
MANAGERS = {**ANON, "lpse_head": 200, "outsider": 200}


def _objects(data):
    if "archives_test" not in data:
        import datetime

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage
        from django.utils import timezone

        from sopan.archives.models import Disposition, RestoreTest, RetentionRule
        from sopan.procurement.tests.factories import person
        from sopan.vendors.tests.factories import pdf_bytes

        organization = data["organization"]
        head = person(organization, "kepala.lpse")
        now = timezone.now()
        name = default_storage.save("archives/restore-tests/matrix/bukti.pdf", ContentFile(pdf_bytes("bukti")))
        data["archives_test"] = RestoreTest.objects.create(organization=organization, tested_at=now, result="passed",
                                                           duration_seconds=60, evidence=name,
                                                           evidence_type="application/pdf")  # fmt: skip
        rule = RetentionRule.objects.create(organization=organization, kind="helpdesk_ticket", retention_years=2,
                                            disposition="destroy", legal_source="Uji",
                                            valid_from=datetime.date(2024, 1, 1))  # fmt: skip
        data["archives_rule"] = rule
        data["archives_disposition"] = Disposition.objects.create(
            organization=organization, number="BA-PMS/900/2026", kind="helpdesk_ticket", action="destroy", rule=rule,
            cutoff=now - datetime.timedelta(days=800), item_count=0, decided_by=head, decided_at=now,
        )  # fmt: skip
    return data


def _test(data):
    return {"pk": _objects(data)["archives_test"].pk}


def _rule(data):
    return {"pk": _objects(data)["archives_rule"].pk}


ROUTES = [
    Route("backups:backups", default=403, expect=PAGES),
    Route("backups:backup-create", default=403, expect=PAGES),
    Route("backups:restore-test-create", default=403, expect=PAGES),
    Route("backups:restore-test-evidence", default=403, kwargs=_test, expect=OBJECTS),
    # an empty form: refused as incomplete (400) for who may set the interval
    Route("backups:settings", default=403, method="post", expect={**ANON, "lpse_head": 400, "outsider": 400}),
    Route("archives:overview", default=403, expect=PAGES),
    Route("archives:due-list", default=403, kwargs=lambda data: {"kind": "helpdesk_ticket"}, expect=PAGES),
    Route(
        "archives:disposition-print",
        default=403,
        expect=OBJECTS,
        kwargs=lambda data: {"pk": _objects(data)["archives_disposition"].pk},
    ),
    Route("archives:rule-list", default=403, expect=PAGES),
    Route("archives:rule-create", default=403, expect=MANAGERS),
    # the register framework shows a row's form to who may see it; saving is refused by its service without the right
    Route("archives:rule-update", default=403, kwargs=_rule, expect=OBJECTS),
    Route("archives:rule-history", default=403, kwargs=_rule, expect=OBJECTS),
    Route("archives:rule-export", default=403, expect=PAGES),
    Route("archives:rule-import", default=403, expect=MANAGERS),
]
