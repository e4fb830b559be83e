"""Role matrix of the procurement pages (/pengadaan/). The object is made on first use in the matrix's data: a package
of the demo organisation's DPUPR, the agency of the demo PPK.

Who is who: the Kepala UKPBJ sees every package and imports the RUP; the PPK sees their agency's packages; a Pokja
member has the list (of the packages they are assigned to: none here) and 404 for a package not theirs; everyone
else of the organisation gets 403; the outsider (Kepala LPSE of another organisation) 403 for the list and 404 for
the package.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

ANON = {"anonymous": 302}


def _package(data):
    if "procurement_package" not in data:
        from sopan.procurement.tests.factories import make_package

        data["procurement_package"] = make_package(data["organization"], kd_rup="77000001", agency_code="DPUPR")
    return {"pk": data["procurement_package"].pk}


ROUTES = [
    Route("procurement:package-list", default=403, expect={**ANON, "ukpbj_head": 200, "ppk": 200, "pokja": 200}),
    Route(
        "procurement:package-detail",
        default=403,
        kwargs=_package,
        expect={**ANON, "ukpbj_head": 200, "ppk": 200, "pokja": 404, "outsider": 404},
    ),
    # An empty upload is refused as incomplete (400) for who may import; the page itself is tested in test_pages.
    Route("procurement:rup-import", default=403, method="post", expect={**ANON, "ukpbj_head": 400}),
    # Public (no login): the demo organisation has no OCID prefix here, so every persona gets 404 (the endpoint's
    # content is tested in test_ocds_export).
    Route("procurement:ocds", default=404, kwargs=lambda data: {"org": data["organization"].slug}),
    # --- the stages on the package's page (views_stages) ---
    # Cancelling with an empty form: who may cancel (the Kepala UKPBJ) gets the page back with the form's errors
    # (400); the PPK sees the package but may not cancel it (403); a Pokja member not in it and the outsider 404.
    Route(
        "procurement:package-action",
        default=403,
        method="post",
        kwargs=lambda data: {**_package(data), "transition": "cancel"},
        expect={**ANON, "ukpbj_head": 400, "ppk": 403, "pokja": 404, "outsider": 404},
    ),
]
