"""Role matrix of the vendor performance pages (/kinerja-penyedia/ and the vendor's /penyedia/saya/kinerja/). The
objects are written directly (the matrix binds no SOP): a contract of the DPUPR whose PPK is the persona `ppk`, and an
assessed one of the vendor persona's company.

Who is who: the PPK sees and assesses their contracts; the Kepala UKPBJ sees every contract and the report; everyone
else of the organisation (a vendor included) gets 403 on the staff pages; the outsider 403 for the lists and 404 for a
contract. The vendor page is the vendor's only (staff 403).
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

ANON = {"anonymous": 302}
SEES = {**ANON, "ukpbj_head": 200, "ppk": 200}


def _contract(data):
    if "performance_contract" not in data:
        from sopan.performance.tests.factories import contract

        data["performance_contract"] = contract(data["organization"], number="MATRIX/1")
    return {"pk": data["performance_contract"].pk}


def _assessment(data):
    _assessed(data)
    return {"pk": data["performance_assessment"].pk}


def _assessed(data):
    if "performance_assessed" not in data:
        from django.utils import timezone

        from sopan.performance.models import Assessment
        from sopan.performance.tests.factories import contract, person, vendor_company

        organization = data["organization"]
        company = vendor_company(organization)
        assessed = contract(organization, number="MATRIX/2", company=company, status="assessed")
        today = timezone.localdate()
        data["performance_assessment"] = Assessment.objects.create(
            organization=organization, contract=assessed, company=company, scheme_effective=today,
            scores={"quality": 2, "cost": 2, "time": 2, "service": 2}, total=2, band="good",
            assessed_by=person(organization, "ppk"), assessed_at=timezone.now(), assessed_on=today,
            response_due_on=today,
        )  # fmt: skip
        data["performance_assessed"] = assessed
    return {"pk": data["performance_assessed"].pk}


ROUTES = [
    Route("performance:index", default=403, expect=SEES),
    Route("performance:report", default=403, expect=SEES),
    Route("performance:settings", default=403, expect={**ANON, "ukpbj_head": 200}),
    # the form: who may record (a PPK) gets it; an empty POST is tested in test_views
    Route("performance:contract-new", default=403, expect={**ANON, "ppk": 200}),
    Route("performance:contract-detail", default=403, kwargs=_contract, expect={**SEES, "outsider": 404}),
    # an empty assessment form: the PPK gets the page back with the errors (400); the Kepala UKPBJ sees but may not
    # assess (403)
    Route("performance:contract-assess", default=403, kwargs=_contract, method="post",
          expect={**ANON, "ppk": 400, "ukpbj_head": 403, "outsider": 404}),
    Route("performance:print-assessment", default=403, kwargs=_assessed, expect={**SEES, "outsider": 404}),
    # no evidence was uploaded for it: 404 for who sees it
    Route("performance:evidence", default=403, kwargs=_assessed,
          expect={**ANON, "ukpbj_head": 404, "ppk": 404, "outsider": 404}),
    # the vendor's own page: the vendor persona only
    Route("performance:vendor-assessments", default=403, expect={**ANON, "vendor_admin": 200}),
    # an empty response: the vendor gets its page back with the error (400)
    Route("performance:vendor-respond", default=403, method="post",
          kwargs=_assessment,
          expect={**ANON, "vendor_admin": 400}),
]  # fmt: skip

# the vendor market (issue 18 §4): SOP Pengelolaan Penyedia's KA UKPBJ and Kasubag LPSE (Kepala LPSE); the outsider
# (a Kepala LPSE of another organisation) sees its own organisation's market
ROUTES += [
    Route("performance:market", default=403, expect={**ANON, "ukpbj_head": 200, "lpse_head": 200, "outsider": 200}),
]

# --- issue 18 §3: the blacklist sanction proposals (views_sanctions.py) ---------------------------------------------
# A proposal of the PPK `ppk` from a poor assessment (written directly), and an imposed one with its SK. Who sees: the
# Kepala UKPBJ (every proposal), the PPK (theirs); the Pokja member has the list and the finding form, but not the PPK's
# proposal (404). Vendors and the other staff 403; the outsider 404 for a proposal.
SANCTIONS_SEEN = {**ANON, "ukpbj_head": 200, "ppk": 200, "pokja": 200}


def _poor(data):
    if "sanction_contract" not in data:
        from django.utils import timezone

        from sopan.performance.models import Assessment
        from sopan.performance.tests.factories import company, contract, person

        organization = data["organization"]
        provider = company(organization, name="CV Matrix Sanksi")
        given = contract(organization, number="MATRIX/3", company=provider, status="assessed", ending="termination")
        today = timezone.localdate()
        data["sanction_assessment"] = Assessment.objects.create(
            organization=organization, contract=given, company=provider, scheme_effective=today,
            scores={"quality": 0, "cost": 0, "time": 0, "service": 0}, total=0, band="poor",
            assessed_by=person(organization, "ppk"), assessed_at=timezone.now(), assessed_on=today,
            response_due_on=today,
        )  # fmt: skip
        data["sanction_contract"] = given
    return {"pk": data["sanction_contract"].pk}


def _proposal(data, *, imposed: bool = False):
    key = "sanction_imposed" if imposed else "sanction_proposal"
    if key not in data:
        import datetime

        from django.utils import timezone

        from sopan.performance.models_sanctions import SanctionProposal
        from sopan.performance.tests.factories import person

        _poor(data)
        organization, today = data["organization"], timezone.localdate()
        fields = {"status": "proposed"}
        if imposed:
            fields = {
                "status": "imposed", "sk_number": "1/SK-DH/DPUPR/2026", "sk_value": 1, "sk_dated_on": today,
                "starts_on": today, "ends_on": today + datetime.timedelta(days=364), "years": 1,
                "rule_source": "Perpres 16/2018 sebagaimana diubah Perpres 12/2021, Pasal 78 ayat (4) huruf a",
                "decided_by": person(organization, "pa.kpa"), "decided_at": timezone.now(),
            }  # fmt: skip
        data[key] = SanctionProposal.objects.create(
            organization=organization, company=data["sanction_assessment"].company, contract=data["sanction_contract"],
            assessment=None if imposed else data["sanction_assessment"], agency=data["sanction_contract"].agency,
            ground="contract_default", finding="Pekerjaan tidak diselesaikan.", proposer_role="ppk",
            proposed_by=person(organization, "ppk"), proposed_at=timezone.now(), **fields,
        )  # fmt: skip
    return {"pk": data[key].pk}


ROUTES += [
    Route("performance:sanction-list", default=403, expect=SANCTIONS_SEEN),
    Route("performance:sanction-new", default=403, expect={**ANON, "ppk": 200, "pokja": 200}),
    Route("performance:sanction-from-assessment", default=403, kwargs=_poor,
          expect={**ANON, "ppk": 200, "outsider": 404}),
    Route("performance:sanction-detail", default=403, kwargs=_proposal,
          expect={**SANCTIONS_SEEN, "pokja": 404, "outsider": 404}),
    # "return" without its note: the Kepala UKPBJ gets the page back with the error (400); the PPK may not (403)
    Route("performance:sanction-action", default=403, kwargs=_proposal, method="post", data={"transition": "return"},
          expect={**ANON, "ukpbj_head": 400, "ppk": 403, "pokja": 404, "outsider": 404}),
    Route("performance:sanction-print", default=403, kwargs=lambda data: _proposal(data, imposed=True),
          expect={**SANCTIONS_SEEN, "pokja": 404, "outsider": 404}),
]  # fmt: skip
