"""The organisation's identity on its public pages, in Chromium (issue 14 §3): a visitor of the help page and of the
registration page sees the office's logo (served from our storage), name, address, helpdesk telephone, WhatsApp,
e-mail and opening hours, with working links and no Content-Security-Policy violation."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sopan.accounts import services

pytestmark = pytest.mark.browser


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "darkgreen").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_visitor_sees_the_offices_identity_on_the_public_pages(journey, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    organization = personas["lpse_head"].organization
    # transactional_db: the logo is written when the service's transaction commits
    services.organization_update(
        organization=organization, by=personas["lpse_head"], logo=SimpleUploadedFile("logo.png", _png())
    )
    organization.refresh_from_db()
    page = journey.page

    for name in ("helpdesk:public-home", "vendors:signup"):
        journey.goto(name, org=organization.slug)

        footer = page.locator("#public-identity")
        assert organization.name in footer.inner_text()
        assert "Jl. Letjend Sukowati No. 51" in footer.inner_text()
        assert page.locator("#public-whatsapp").get_attribute("href") == organization.whatsapp_link
        assert page.locator("#public-phone").get_attribute("href").startswith("tel:+62")
        assert page.locator("#public-email").get_attribute("href") == f"mailto:{organization.email}"
        assert page.locator("#public-hours").inner_text() == organization.helpdesk_hours
        brand_logo = page.locator("#public-brand img")
        assert brand_logo.evaluate("img => img.complete && img.naturalWidth") == 64  # loaded from our storage
        assert organization.name in page.locator("#public-brand").inner_text()
        journey.screenshot(name.replace(":", "-"))

    journey.assert_no_browser_errors()
