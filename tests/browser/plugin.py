"""The browser lane (DESIGN.md §7): journeys in headless Debian Chromium, driven by Playwright, against a live server.

A pytest plugin (the root conftest.py loads it), so a module's own journey (`sopan/<app>/tests/test_journey.py`,
marked `browser`) has the fixtures `chromium`, `journey` and `tabs` as the journeys under tests/browser do.

Policy when Chromium is missing (at /usr/bin/chromium, or where SOPAN_CHROMIUM points):
- SOPAN_REQUIRE_BROWSER unset (a developer's machine): the browser tests are skipped, with the reason;
- SOPAN_REQUIRE_BROWSER=1 (CI): they fail, so a lane that silently ran nothing cannot pass.

Playwright's browsers are never downloaded (`playwright install` is not part of the set-up): Debian's package
`chromium` is the browser. Screenshots of the key pages go to test-artifacts/screenshots/<test>-<step>.png.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("SOPAN_CHROMIUM") or "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000

# Reported by the page itself (an init script is not subject to the page's CSP); reaches Python through a binding.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__sopanCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || document.location.pathname}:${event.lineNumber}) ${event.sample || ""}`);
}, true);
"""


def _browser_required() -> bool:
    return os.environ.get("SOPAN_REQUIRE_BROWSER", "") not in ("", "0")


def _unavailable(reason: str) -> None:
    if _browser_required():
        pytest.fail(f"{reason}; SOPAN_REQUIRE_BROWSER=1 makes the browser lane mandatory.", pytrace=False)
    pytest.skip(f"{reason} (set SOPAN_REQUIRE_BROWSER=1 to make this a failure).")


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session; every test gets its own context (cookies, storage)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls from the test
    # code and from pytest-django's database teardown. They are still synchronous: allow them for the browser lane.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    args = [*LAUNCH_ARGS, "--no-sandbox"] if os.geteuid() == 0 else LAUNCH_ARGS  # root cannot use the sandbox
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _is_form_post(response) -> bool:
    return response.request.method == "POST" and response.request.is_navigation_request()


class Journey:
    """A person's browser tab on the live server, with what went wrong in it (console errors, CSP violations)."""

    def __init__(self, page, base_url: str, test_name: str):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.test_name = test_name
        self.console_errors: list[str] = []
        self.csp_violations: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.expose_function("__sopanCspViolation", self._on_csp_violation)
        page.add_init_script(CSP_LISTENER)

    def _on_csp_violation(self, report: str) -> None:
        self.csp_violations.append(report)

    def _on_console(self, message) -> None:
        url = message.location.get("url", "")
        # Chromium asks every site for /favicon.ico on its own; Sopan has none, and that is no page's fault.
        if message.type == "error" and urlsplit(url).path != "/favicon.ico":
            self.console_errors.append(f"{message.text} ({url})")

    def url(self, name: str, **kwargs) -> str:
        return self.base_url + reverse(name, kwargs=kwargs or None)

    def goto(self, name: str, **kwargs):
        return self.page.goto(self.url(name, **kwargs))

    def submit(self, field: str):
        """Click the submit button of the form holding `field`; return the response to that form's own request."""
        form = self.page.locator(f"main form:has([name='{field}'])")
        with self.page.expect_response(_is_form_post) as info:
            form.locator("button[type=submit]").click()
        return info.value

    def screenshot(self, step: str) -> Path:
        path = SCREENSHOTS / f"{self.test_name}-{step}.png"
        self.page.wait_for_load_state("load")  # stylesheets and fonts in
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_no_browser_errors(self, *, allow: tuple[str, ...] = ()) -> None:
        """No CSP violation at all, and no console error except the expected ones (substrings of `allow`)."""
        assert self.csp_violations == [], f"Content-Security-Policy violations: {self.csp_violations}"
        unexpected = [e for e in self.console_errors if not any(a in e for a in allow)]
        assert unexpected == [], f"console errors: {unexpected}"


@pytest.fixture
def journey(chromium, live_server, transactional_db, request):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield Journey(page, live_server.url, request.node.name)
    context.close()


@pytest.fixture
def tabs(journey):
    """A logged-in tab per person (sessions.Tabs), closed after the test."""
    from tests.browser.sessions import Tabs

    people = Tabs(journey)
    yield people
    people.close()
