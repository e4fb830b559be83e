"""Logged-in browser tabs without typing passwords: one browser context per person, holding the cookie of a Django
session as it is after passing 2FA (what sopan.core.testing.login makes), made on first use and reused.

Typing a password and a TOTP code is what tests/browser/test_journeys.py checks; journeys about other things log people
in this way, which is much faster when a journey needs many people.
"""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from sopan.core.testing import login

VIEWPORT = {"width": 1280, "height": 900}


def session_cookie(user, base_url: str) -> dict:
    """The session cookie of a fresh session of `user`, verified for 2FA when their roles require it."""
    client = Client()
    login(client, user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


class Tabs:
    """A tab per person, logged in, in a browser context of their own (cookies are not shared between people).

    Each tab is a `Journey` like the `journey` fixture's (same CSP and console checks), with the person as `.user`.
    """

    def __init__(self, journey):
        self.journey = journey
        self.browser = journey.page.context.browser
        self.timeout = 15_000
        self._tabs: dict[int, object] = {}
        self._contexts = []

    def __call__(self, user):
        tab = self._tabs.get(user.pk)
        if tab is None:
            context = self.browser.new_context(viewport=VIEWPORT)
            context.set_default_timeout(self.timeout)
            self._contexts.append(context)
            context.add_cookies([session_cookie(user, self.journey.base_url)])
            tab = type(self.journey)(context.new_page(), self.journey.base_url, self.journey.test_name)
            tab.user = user
            self._tabs[user.pk] = tab
        return tab

    @property
    def all(self) -> list:
        return list(self._tabs.values())

    def assert_no_browser_errors(self, *, allow: tuple[str, ...] = ()) -> None:
        self.journey.assert_no_browser_errors(allow=allow)
        for tab in self._tabs.values():
            try:
                tab.assert_no_browser_errors(allow=allow)
            except AssertionError as error:
                raise AssertionError(f"in the tab of {tab.user.username}: {error}") from None

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()
        self._tabs.clear()


def post(page, button):
    """Click a form's submit button (a CSS selector or a locator); return the response to the POST once the page it
    leads to has loaded."""

    def is_form_post(response) -> bool:
        return response.request.method == "POST" and response.request.is_navigation_request()

    with page.expect_response(is_form_post) as posted, page.expect_navigation(wait_until="domcontentloaded"):
        page.locator(button).click() if isinstance(button, str) else button.click()
    return posted.value
