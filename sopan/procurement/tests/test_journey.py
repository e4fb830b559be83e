"""A procurement package end to end in Chromium (issue 17 §9), each step by the person who holds it, in their own
logged-in tab:

1. the Jabfung PPBJ imports a SiRUP export (the preview, then the import) (SOP Perencanaan Pengadaan);
2. the PPK prepares the package and the PA/KPA approves it (set up through the services: SOP Persiapan Pengadaan
   steps 3–4); the PPK requests the selection with the six items (Persiapan Pemilihan step 2);
3. the Kepala UKPBJ appoints the Pokja: first with an LPSE staff member among them, refused with the page naming
   Perwali 41/2024 Pasal 6, then a valid Pokja (step 3);
4. a Pokja member returns the documents once, the PPK resubmits them, the review is complete (steps 4–5), then the
   methods, the schedule and the announcement (steps 6–9);
5. the selection result, SPPBJ, contract and BAST (Proses Utama PBJ steps 5–8): the package is handed over;
6. `manage.py export_ocds` writes the organisation's packages as a valid OCDS release package.

The pages are in Indonesian; expected texts come from the catalogue through gettext.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from sopan.accounts.models import RoleAssignment
from sopan.procurement import stages
from sopan.procurement.models import Package, PokjaAssignment, PreparationDocument, Review
from sopan.procurement.tests.factories import bind_stage_sops, csv_upload, person
from sopan.procurement.workflows import MAIN, PREPARATION, SELECTION_PREPARATION
from sopan.sop.api import case_for
from sopan.sop.models import Case
from tests.browser.sessions import post

pytestmark = pytest.mark.browser

KD_RUP = "61234001"
ROWS = (
    (KD_RUP, "Pembangunan Jalan Lingkungan RW 03", "2400000000", "Dinas Pekerjaan Umum dan Penataan Ruang", "Tender",
     "Pekerjaan Konstruksi", "APBD", "2026", "PDN", "Non UKM", "2026-03-02"),
    ("61234002", "Pengadaan Alat Kesehatan Puskesmas", "1250000000", "Dinas Kesehatan", "Tender", "Barang", "DAK",
     "2026", "PDN", "Non UKM", "2026-03-02"),
)  # fmt: skip


def _id(msgid: str) -> str:
    with translation.override("id"):
        return translation.gettext(msgid)


def _pokja_role(organization, username: str):
    """`username` holds the role of Pokja member too (the demo has one persona per role)."""
    user = person(organization, username)
    RoleAssignment.objects.get_or_create(
        organization=organization, user=user, role="selection_group_member",
        unit=organization.units.get(code="UKPBJ"), defaults={"valid_from": datetime.date(2020, 1, 1)},
    )  # fmt: skip
    return user


def _act(tab, package, name: str, fields: dict | None = None, *, status: int = 200):
    """Open the package's page in the person's tab, fill the transition's form (or press its button) and send it."""
    tab.page.goto(tab.url("procurement:package-detail", pk=package.pk))
    for field, value in (fields or {}).items():
        locator = tab.page.locator(f"[name='{name}-{field}']")
        if locator.first.get_attribute("type") == "checkbox":
            for box in locator.all():
                box.check()
        elif locator.evaluate("e => e.tagName") == "SELECT":
            locator.select_option(value)
        else:
            locator.fill(value)
    button = f"#submit-{name}" if fields is not None else f"#transition-{name.replace('_', '-')}"
    response = post(tab.page, button)
    assert response.status == (302 if status == 200 else status), (name, response.status)
    return tab.page


def _import_rup(tab, organization) -> Package:
    page = tab.page
    page.goto(tab.url("procurement:rup-import"))
    upload = csv_upload(ROWS)
    page.locator("input[name='file']").set_input_files(
        files=[{"name": "rup-dpupr.csv", "mimeType": "text/csv", "buffer": upload.read()}]
    )
    post(page, "main form:has([name='file']) button[type=submit]")
    expect(page.locator("#import-counts")).to_contain_text(_id("Packages to create"))
    expect(page.locator("#import-counts strong").first).to_have_text("2")
    post(page, "#import-confirm")
    expect(page.locator("body")).to_contain_text(KD_RUP)
    return Package.objects.get(organization=organization, kd_rup=KD_RUP)


def _prepared(package, ppk, pa) -> Package:
    """Persiapan Pengadaan steps 3–4, through the services: the PPK's documents, submitted and approved."""
    for kind in PreparationDocument.Kind.values:
        package = stages.package_record_preparation_document(package=package, kind=kind, by=ppk,
                                                             seen_version=package.version)  # fmt: skip
    package = stages.package_submit_preparation(package=package, by=ppk, seen_version=package.version)
    return stages.package_approve_preparation(package=package, by=pa, seen_version=package.version)


def _appoint_pokja(tab, package, members, lpse) -> None:
    page = tab.page
    page.goto(tab.url("procurement:package-detail", pk=package.pk))
    page.fill("[name='assign_pokja-decree_number']", "027/12/UKPBJ/2026")
    page.fill("[name='assign_pokja-decree_date']", timezone.localdate().isoformat())
    for user in [*members[:2], lpse]:
        for box in ("pick", "competent", "pact"):
            page.check(f"[name='assign_pokja-{box}_{user.pk}']")
    assert post(page, "#submit-assign_pokja").status == 400
    refusal = page.locator("#stage-assign_pokja .alert-danger")
    expect(refusal).to_contain_text("Perwali Salatiga 41/2024, Pasal 6")
    expect(refusal).to_contain_text(lpse.get_full_name())
    assert not PokjaAssignment.objects.filter(package=package).exists()
    page.uncheck(f"[name='assign_pokja-pick_{lpse.pk}']")
    for box in ("pick", "competent", "pact"):
        page.check(f"[name='assign_pokja-{box}_{members[2].pk}']")
    assert post(page, "#submit-assign_pokja").status == 302
    expect(page.locator("body")).to_contain_text(_id("The selection working group is appointed."))


def test_a_package_from_the_rup_import_to_its_handover_and_its_ocds_export(journey, tabs, organization, tmp_path):
    bind_stage_sops(organization)
    ppk, pa = person(organization, "ppk"), person(organization, "pa.kpa")
    members = [_pokja_role(organization, u) for u in ("pokja", "jabfung.ppbj", "tim.analisis")]
    lpse = _pokja_role(organization, "verifikator")  # LPSE staff: may not select (Perwali 41/2024 Pasal 6)
    jabfung, head, pokja = members[1], person(organization, "kepala.ukpbj"), members[0]

    package = _import_rup(tabs(jabfung), organization)
    _prepared(package, ppk, pa)
    page = _act(tabs(ppk), package, "request_selection", {"items": "all"})
    expect(page.locator("#timeline-request")).to_be_visible()

    _appoint_pokja(tabs(head), package, members, lpse)

    _act(tabs(pokja), package, "return_documents", {"findings": "HPS belum dilengkapi survei harga."})
    _act(tabs(ppk), package, "resubmit_documents")
    _act(tabs(pokja), package, "complete_review", {"findings": ""})
    _act(tabs(pokja), package, "decide_methods", {"selection_method": "tender", "qualification_method": "post",
                                                  "evaluation_method": "lowest_price",
                                                  "submission_method": "one_file"})  # fmt: skip
    today = timezone.localdate()
    day = [(today - datetime.timedelta(days=n)).isoformat() for n in (40, 30, 20, 10, 5)]
    _act(tabs(pokja), package, "set_schedule", {"announcement_on": day[0], "bid_deadline_on": day[1],
                                                "result_on": day[2], "contract_on": day[3]})  # fmt: skip
    _act(tabs(pokja), package, "start_selection", {"announced_on": day[0], "spse_code": "10012345"})
    _act(tabs(pokja), package, "record_selection_result", {"on": day[2], "reference": "BA-HP/1", "value": "2280000000"})
    _act(tabs(ppk), package, "record_sppbj", {"on": day[3], "reference": "SPPBJ/1", "value": "2280000000"})
    _act(tabs(ppk), package, "record_contract", {"on": day[3], "reference": "KONTRAK/1", "value": "2280000000"})
    page = _act(tabs(ppk), package, "record_handover", {"on": day[4], "reference": "BAST/1"})
    expect(page.locator("body")).to_contain_text(_id("The handover is recorded."))
    expect(page.locator("main")).to_contain_text(_id("Handed over"))

    package.refresh_from_db()
    assert package.status == Package.Status.HANDED_OVER
    reviews = package.reviews.order_by("round").values_list("outcome", flat=True)
    assert list(reviews) == [Review.Outcome.RETURNED, Review.Outcome.COMPLETE]
    for procedure in (PREPARATION, SELECTION_PREPARATION, MAIN):
        assert case_for(package, procedure=procedure).status == Case.Status.COMPLETED, procedure

    output = tmp_path / "ocds.json"
    call_command("export_ocds", organization=organization.slug, output=str(output), ocid_prefix="ocds-jrny01")
    releases = [r for r in json.loads(output.read_text())["releases"] if r["ocid"].endswith(KD_RUP)]
    assert [r["tag"] for r in releases] == [["planning"], ["tender"], ["award"], ["contract"]]
    tabs.assert_no_browser_errors(allow=("status of 400",))  # the refused Pokja answers 400, as it should
