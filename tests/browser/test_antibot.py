"""The check "I am not a robot" in a real browser: the widget loads under our CSP, solves in a Web Worker, and the
server accepts what it posts, once.

No public form carries the check yet, so this module brings its own page (a form with ProofOfWorkField, served through
its own URL configuration, which also includes Sopan's).
"""

from __future__ import annotations

import pytest
from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.utils import translation
from django.utils.html import escape
from playwright.sync_api import expect

from sopan.core.antibot import ProofOfWorkField

pytestmark = [pytest.mark.browser, pytest.mark.urls(__name__)]

PAGE = """{% extends "base.html" %}{% block content %}
<form method="post">{% csrf_token %}
  <input name="name" id="name" class="form-control mb-3">
  {% include "components/antibot.html" with field=form.altcha %}
  <button type="submit" class="btn btn-sopan">Send</button>
</form>
{% if accepted %}<p id="accepted">accepted</p>{% endif %}
{% endblock %}"""


class SignUpForm(forms.Form):
    name = forms.CharField()
    altcha = ProofOfWorkField()


def sign_up(request):
    form = SignUpForm(request.POST or None)
    accepted = request.method == "POST" and form.is_valid()
    return HttpResponse(engines["django"].from_string(PAGE).render({"form": form, "accepted": accepted}, request))


urlpatterns = [path("antibot-sign-up/", sign_up, name="antibot-sign-up"), path("", include("config.urls"))]


def _solve_and_send(journey):
    page = journey.page
    page.fill("#name", "CV Maju Jaya")  # focusing the form starts the work (auto="onfocus")
    expect(page.locator("altcha-widget .altcha")).to_have_attribute("data-state", "verified")
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.locator("button[type=submit]").click()
    return sent.value


def test_visitor_passes_the_check_in_chromium_and_the_server_accepts_it_once(journey):
    # Given a public form with the check, in Indonesian
    page = journey.page
    journey.goto("antibot-sign-up")
    widget = page.locator("altcha-widget .altcha")
    with translation.override("id"):
        expected_label = translation.gettext("I am not a robot")
    expect(widget.locator("label")).to_have_text(expected_label)  # our gettext text, not the widget's English
    journey.screenshot("01-unchecked")

    # When the visitor fills in the form, the browser solves the puzzle by itself, and the form is sent
    response = _solve_and_send(journey)
    journey.screenshot("02-sent")

    # Then the server accepted the solution
    assert response.status == 200
    expect(page.locator("#accepted")).to_be_visible()

    # and the very same payload sent again (a bot replaying it) is refused, with the reason
    sent = response.request.post_data_json
    again = page.request.post(
        journey.url("antibot-sign-up"), form=sent, headers={"Referer": journey.url("antibot-sign-up")}
    )
    assert again.status == 200
    assert 'id="accepted"' not in again.text()
    with translation.override("id"):
        assert escape(str(ProofOfWorkField().error_messages["replayed"])) in again.text()
    journey.assert_no_browser_errors()
