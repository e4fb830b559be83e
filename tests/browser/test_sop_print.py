"""Printing an SOP page from the browser (issue 14 §2): with print media, only the document shows; the site's
navigation, the page's buttons and messages do not."""

from __future__ import annotations

import pytest

from sopan.sop.tests import factories
from tests.browser.sessions import Tabs  # noqa: F401  (the tabs fixture's helper)

pytestmark = pytest.mark.browser


def test_printing_the_sop_page_shows_only_the_document(tabs, personas, organization):
    version = factories.effective_version(organization)
    tab = tabs(personas["lpse_head"])
    tab.goto("sop:version-detail", pk=version.pk)
    page = tab.page
    assert page.locator("nav.navbar").is_visible() and page.locator("#version-actions").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.locator("#version-header").is_visible()
    assert not page.locator("#version-actions a, #version-actions button").first.is_visible()
    assert page.locator(".sop-identity").first.is_visible()
    assert page.locator(".sop-sheet svg").first.is_visible()
    # each flowchart page starts a new sheet, the identity block is followed by one
    assert page.locator(".sop-sheet").nth(0).evaluate("e => getComputedStyle(e).breakBefore") in ("page", "auto")
    assert page.locator(".sop-identity-sheet").evaluate("e => getComputedStyle(e).breakAfter") == "page"
    tabs.assert_no_browser_errors()
