"""Pages with personal data are not cached anywhere (issue 13 §7): every one answers `Cache-Control: no-store,
private`, whoever looks. The pages are reached as in the role matrix (its routes and data), as a persona who may
see them; the vendor's applicant, who is no persona there, is the matrix's own application."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sopan.core.testing import login
from sopan.core.tests.test_role_matrix import ROUTES, _matrix, matrix_data  # noqa: F401 (fixtures)
from sopan.vendors.models import Registration
from sopan.vendors.tests.matrix_routes_public import _application

# (URL name, who looks, the status the matrix gives them)
PAGES = [
    # the vendor's account and data change requests
    ("vendors:company-mine", "vendor_admin", 200),
    ("vendors:change-request", "vendor_admin", 400),
    ("vendors:company-list", "verifier", 200),
    ("vendors:company-detail", "verifier", 200),
    ("vendors:company-identity-reveal", "verifier", 400),
    ("vendors:change-decide", "verifier", 200),
    ("vendors:change-identity-reveal", "verifier", 400),
    ("vendors:change-evidence", "verifier", 200),
    ("vendors:account-action-evidence", "verifier", 200),
    ("vendors:account-action-report", "verifier", 400),
    ("vendors:account-action-step", "lpse_head", 400),
    # registration: the applicant's pages (public side)
    ("vendors:signup-form", "anonymous", 404),
    ("vendors:registration-status", "applicant", 200),
    ("vendors:documents", "applicant", 200),
    ("vendors:document-file", "applicant", 200),
    ("vendors:form-print", "applicant", 200),
    ("vendors:receipt", "applicant", 200),
    ("vendors:appointment", "applicant", 200),
    # registration: the front office and the verifier
    ("vendors:desk", "registration_officer", 200),
    ("vendors:desk-register", "registration_officer", 200),
    ("vendors:desk-detail", "registration_officer", 200),
    ("vendors:receipt-pdf", "registration_officer", 200),
    ("vendors:queue", "verifier", 200),
    ("vendors:workspace", "verifier", 200),
    ("vendors:identity-reveal", "verifier", 400),
    ("vendors:document-viewer", "verifier", 200),
    ("vendors:document-download", "verifier", 200),
    ("vendors:archive-file", "verifier", 200),
    ("vendors:document-check", "verifier", 400),
    # the helpdesk: the reporter's pages behind the secret link, and the staff's ticket pages with contact details
    ("helpdesk:public-report", "vendor_admin", 200),
    ("helpdesk:public-report-done", "anonymous", 200),
    ("helpdesk:public-track", "anonymous", 200),
    ("helpdesk:public-ticket", "anonymous", 200),
    ("helpdesk:public-attachment", "anonymous", 200),
    ("helpdesk:public-reply", "anonymous", 400),
    ("helpdesk:ticket-list", "helpdesk_agent", 200),
    ("helpdesk:caller-lookup", "helpdesk_agent", 200),
    ("helpdesk:call-new", "helpdesk_agent", 200),
    ("helpdesk:intake-done", "helpdesk_agent", 200),
    ("helpdesk:ticket-detail", "helpdesk_agent", 200),
    ("helpdesk:ticket-reply", "helpdesk_agent", 400),
    ("helpdesk:attachment-download", "helpdesk_agent", 200),
    ("helpdesk:ticket-form-pdf", "helpdesk_agent", 200),
]


@pytest.mark.parametrize(("name", "persona", "status"), PAGES, ids=[f"{n}-{p}" for n, p, _s in PAGES])
def test_a_page_with_personal_data_is_never_stored_by_a_cache(client, personas, matrix_data, name, persona, status):  # noqa: F811
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(matrix_data) if route.kwargs else None) + route.query
    if persona == "applicant":
        registration = _application(matrix_data)
        if name == "vendors:receipt":  # the receipt exists once the front office has the file (step 8)
            Registration.objects.filter(pk=registration.pk).update(
                received_at=timezone.now(), received_by=personas["registration_officer"]
            )
        login(client, registration.user)
    elif personas[persona] is not None:
        login(client, personas[persona])
    response = getattr(client, route.method)(url, data=route.data or {})
    assert response.status_code == status
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= cache_control, f"{name}: Cache-Control {response.get('Cache-Control')!r}"


def test_a_page_without_personal_data_keeps_its_caching(client, organization):
    """The organisation's help page stays cacheable: the marker is for personal data, not a blanket rule."""
    response = client.get(reverse("helpdesk:public-home", kwargs={"org": organization.slug}))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
