"""The audit trail fits the page (issue 14 §5): on a laptop (1366 px) and on a phone (390 px) the event table is no
wider than its container and the page never scrolls sideways, even with long values that have no spaces."""

from __future__ import annotations

import pytest

from sopan.accounts import services
from sopan.accounts.models import OrgUnit

pytestmark = pytest.mark.browser

# The table's width against its container's, and the page's against the window's.
WIDTHS = """() => {
  const table = document.querySelector("table.audit-table");
  return {
    table: table.scrollWidth, container: table.parentElement.clientWidth,
    page: document.documentElement.scrollWidth, window: document.documentElement.clientWidth,
    rows: table.querySelectorAll("tbody tr").length,
  };
}"""


def test_the_audit_table_fits_a_laptop_and_a_phone(tabs, personas):
    head = personas["lpse_head"]
    organization = head.organization
    long_name = "Bidang" + "Layanan" * 20  # one word of 146 letters
    unit = services.unit_create(
        organization=organization, name=long_name[:200], code="PANJANG", kind=OrgUnit.Kind.OTHER, by=head
    )
    services.unit_update(unit=unit, name="Bidang " + "sangat panjang " * 10, is_active=False, by=head)
    tab = tabs(head)
    for name, viewport in (("laptop", {"width": 1366, "height": 768}), ("phone", {"width": 390, "height": 844})):
        tab.page.set_viewport_size(viewport)
        tab.goto("audit:event-list")
        widths = tab.page.evaluate(WIDTHS)
        tab.screenshot(f"audit-{name}")
        assert widths["rows"] >= 2, widths
        assert widths["table"] <= widths["container"], (name, widths)
        assert widths["page"] <= widths["window"], (name, widths)
    tabs.assert_no_browser_errors()
