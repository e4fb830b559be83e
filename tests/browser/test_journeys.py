"""Journeys through signing in, in a real browser: password, two-factor authentication, lockout, language, CSP.

Indonesian text may still be untranslated, so the checks rest on element ids, URLs, statuses and `<html lang>`;
English text (the message ids themselves) is only checked after switching to English.
"""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from sopan.accounts import demo

pytestmark = pytest.mark.browser

PASSWORD = "Sukowati-51-salatiga"
WRONG_PASSWORD = "Sukowati-15-salatiga"
SOPAN_BLUE = "rgb(11, 79, 108)"  # .bg-sopan in sopan.css


def _persona(organization, username: str, *, with_totp: bool):
    spec = next(p for p in demo.PERSONAS if p.username == username)
    return demo.ensure_persona(organization, spec, password=PASSWORD, with_totp=with_totp)


def _code(key: bytes) -> str:
    return f"{totp(key):06d}"


def _key_from_page(page) -> bytes:
    """The key as shown in `#totp-secret`: base32 in groups of four, as a person would type it into an app."""
    shown = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", shown), shown
    secret = shown.replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def _log_in(journey, username: str, password: str = PASSWORD):
    journey.goto("accounts:login")
    journey.page.fill("input[name=username]", username)
    journey.page.fill("input[name=password]", password)
    return journey.submit("password")


def _expect_path(journey, name: str) -> None:
    expect(journey.page).to_have_url(re.compile(rf"^https?://[^/]+{re.escape(reverse(name))}(\?.*)?$"))


def _assert_styled(page) -> None:
    """Bootstrap (flex navbar) and Sopan's own stylesheet (the navbar colour) are applied: static files are served."""
    navbar = page.locator("nav.navbar")
    expect(navbar).to_have_css("display", "flex")
    expect(navbar).to_have_css("background-color", SOPAN_BLUE)


def test_lpse_head_passes_totp_and_switches_language(journey, organization):
    # Given the Kepala LPSE with a confirmed authenticator
    user = _persona(organization, "kepala.lpse", with_totp=True)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page = journey.page

    # When she logs in with her password, she is asked for the second factor
    journey.goto("accounts:login")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    journey.screenshot("01-login")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    journey.submit("password")
    _expect_path(journey, "accounts:two-factor-verify")
    journey.screenshot("02-two-factor-verify")

    # and with the code of her app she lands on her home page, with the "My tasks" panel
    page.fill("input[name=token]", _code(device.bin_key))
    journey.submit("token")
    _expect_path(journey, "core:home")
    expect(page.locator("#my-tasks-empty")).to_be_visible()
    _assert_styled(page)
    journey.screenshot("03-home")

    # When she switches the language to English in the navbar, the page comes back in English
    with page.expect_response(lambda r: r.url.endswith(reverse("core:language"))):
        page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#tasks-title")).to_contain_text("My tasks")
    expect(page.locator("#language-select")).to_have_value("en")
    journey.screenshot("04-home-english")

    # and back to Indonesian
    with page.expect_response(lambda r: r.url.endswith(reverse("core:language"))):
        page.select_option("#language-select", "id")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("#my-tasks-empty")).to_be_visible()
    user.refresh_from_db()
    assert user.language == "id"
    journey.assert_no_browser_errors()


def test_new_staff_member_is_made_to_set_up_totp_and_gets_ten_recovery_codes(journey, organization):
    # Given a new verifier without an authenticator
    user = _persona(organization, "verifikator", with_totp=False)
    assert not TOTPDevice.objects.filter(user=user).exists()
    page = journey.page

    # When he logs in, he is sent to the set-up page and cannot go anywhere else
    _log_in(journey, user.username)
    _expect_path(journey, "accounts:two-factor-setup")
    journey.goto("core:home")
    _expect_path(journey, "accounts:two-factor-setup")
    expect(page.locator(".qr-code svg")).to_be_visible()
    journey.screenshot("01-two-factor-setup")

    # When he types the shown key into his "app" and confirms with its code
    page.fill("input[name=token]", _code(_key_from_page(page)))
    response = journey.submit("token")

    # Then he sees ten distinct recovery codes, and his device is confirmed
    assert response.status == 200
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    journey.screenshot("02-recovery-codes")

    # and continues to his home page
    page.locator("main a.btn").click()
    _expect_path(journey, "core:home")
    expect(page.locator("#my-tasks-empty")).to_be_visible()
    journey.screenshot("03-home")
    journey.assert_no_browser_errors()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(journey, organization):
    # Given a helpdesk agent
    user = _persona(organization, "helpdesk", with_totp=True)
    page = journey.page

    # When someone tries four wrong passwords, the form says so each time
    for _attempt in range(4):
        response = _log_in(journey, user.username, WRONG_PASSWORD)
        assert response.status == 200
        expect(page.locator("main .alert-danger")).to_be_visible()
    journey.screenshot("01-wrong-password")

    # Then the fifth wrong one shows the lockout page (429)
    response = _log_in(journey, user.username, WRONG_PASSWORD)
    assert response.status == 429
    expect(page.locator("main .card.border-danger [role=alert] h1")).to_be_visible()
    expect(page.locator(f"main a[href='{reverse('accounts:password-reset')}']")).to_be_visible()
    expect(page.locator("input[name=password]")).to_have_count(0)
    journey.screenshot("02-locked-out")

    # and the right password is refused as well: still locked out, not logged in
    response = _log_in(journey, user.username, PASSWORD)
    assert response.status == 429
    expect(page.locator("main .card.border-danger")).to_be_visible()
    journey.goto("core:home")
    _expect_path(journey, "accounts:login")
    # The browser reports each 429 page as a failed load; that is the expected outcome here, nothing else is.
    journey.assert_no_browser_errors(allow=("status of 429",))


def test_vendor_logs_in_straight_to_home_without_second_factor(journey, organization):
    # Given a vendor administrator (2FA is optional for vendors, and he has none)
    user = _persona(organization, "penyedia.admin", with_totp=False)
    assert not user.requires_two_factor

    # When he logs in with his password, he lands on his home page at once
    response = _log_in(journey, user.username)
    assert response.status == 302
    _expect_path(journey, "core:home")
    expect(journey.page.locator("#my-tasks-empty")).to_be_visible()
    _assert_styled(journey.page)
    journey.screenshot("01-home")
    journey.assert_no_browser_errors()


def test_pages_keep_to_the_content_security_policy(journey, organization):
    # Given a new staff member, who will see the pages with the most markup (QR code, recovery codes)
    user = _persona(organization, "kepala.ukpbj", with_totp=False)
    page = journey.page

    # When the anonymous pages are visited, each is served with the strict policy and renders cleanly
    for step, name in (("01-login", "accounts:login"), ("02-password-reset", "accounts:password-reset")):
        response = journey.goto(name)
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        _assert_styled(page)
        journey.screenshot(step)

    # and so are the pages of setting up two-factor authentication and of a logged-in person
    _log_in(journey, user.username)
    _expect_path(journey, "accounts:two-factor-setup")
    page.fill("input[name=token]", _code(_key_from_page(page)))
    response = journey.submit("token")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    for step, name in (("03-home", "core:home"), ("04-profile", "accounts:profile")):
        response = journey.goto(name)
        assert response.status == 200
        assert "style-src 'self'" in response.headers["content-security-policy"]
        _assert_styled(page)
        journey.screenshot(step)

    # Then no page broke the policy or logged an error
    journey.assert_no_browser_errors()


def test_inline_style_is_blocked_and_reported(journey, organization):
    """The check above can fail: an inline style is refused by the browser and caught by the journey."""
    journey.goto("accounts:login")
    page = journey.page
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'nav { display: none }'; "
        "document.head.append(s); }"
    )
    expect(page.locator("nav.navbar")).to_be_visible()
    for _wait in range(50):  # the violation event reaches Python through a binding, asynchronously
        if journey.csp_violations:
            break
        page.wait_for_timeout(100)
    assert any("style-src" in violation for violation in journey.csp_violations), journey.csp_violations
    with pytest.raises(AssertionError, match="Content-Security-Policy violations"):
        journey.assert_no_browser_errors()
