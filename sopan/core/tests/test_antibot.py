"""The check "I am not a robot" (ALTCHA proof of work) and the rate limit of public endpoints.

Challenges are solved here in Python exactly as the widget does in the browser (altcha.solve_challenge: the same
SHA-256 over salt + nonce + counter), and posted through a form with ProofOfWorkField.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timedelta

import altcha
import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils import translation
from django.utils.html import escape
from freezegun import freeze_time

from sopan.core import antibot
from sopan.core.antibot import ProofOfWorkField
from sopan.core.ratelimits import public_rate_limit

pytestmark = pytest.mark.django_db  # the used challenges and the counters live in the (database) cache


class SignUpForm(forms.Form):
    name = forms.CharField()
    altcha = ProofOfWorkField()


@public_rate_limit("test", "2/m")
def limited_view(request):
    return HttpResponse("sent")


urlpatterns = [path("test-rate-limited/", limited_view), path("", include("config.urls"))]


def _solved_payload(challenge: dict | None = None) -> str:
    """What the widget posts: base64 of {"challenge": {parameters, signature}, "solution": {counter, derivedKey}}."""
    challenge = altcha.Challenge.from_dict(challenge or antibot.challenge_json())
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()


def _edited(payload: str, edit) -> str:
    data = json.loads(base64.b64decode(payload))
    edit(data)
    return base64.b64encode(json.dumps(data).encode()).decode()


def _send(payload: str | None) -> SignUpForm:
    data = {"name": "CV Maju Jaya"}
    if payload is not None:
        data["altcha"] = payload
    form = SignUpForm(data)
    form.is_valid()
    return form


def _refused_with(form: SignUpForm, outcome: str) -> bool:
    errors = form.errors.as_data().get("altcha", [])
    message = str(ProofOfWorkField.default_error_messages[outcome])
    return [(e.code, e.messages) for e in errors] == [(f"antibot_{outcome}", [message])]


# --- the challenge ------------------------------------------------------------------------------------------------
def test_anonymous_visitor_gets_a_fresh_signed_challenge_as_json(client):
    # When anyone (not logged in) asks for a challenge, twice
    with freeze_time("2026-03-02 08:00:00+07:00"):
        first = client.get(reverse("core:antibot-challenge"))
    second = client.get(reverse("core:antibot-challenge"))

    # Then each answer is a v2 challenge the widget can solve, expiring in 20 minutes, never cached on the way
    assert first.status_code == 200
    assert first["Content-Type"] == "application/json"
    assert "no-cache" in first["Cache-Control"] and "no-store" in first["Cache-Control"]
    body = first.json()
    parameters = body["parameters"]
    assert parameters["algorithm"] == "SHA-256"
    assert re.fullmatch(r"[0-9a-f]{32}", parameters["nonce"]) and re.fullmatch(r"[0-9a-f]{32}", parameters["salt"])
    assert re.fullmatch(r"[0-9a-f]{32}", parameters["keyPrefix"])  # the one counter's key: no lucky shortcut
    expected_expiry = datetime.fromisoformat("2026-03-02 08:20:00+07:00").timestamp()
    assert parameters["expiresAt"] == expected_expiry
    assert re.fullmatch(r"[0-9a-f]{64}", body["signature"])
    assert second.json()["signature"] != body["signature"]


def test_challenge_cannot_be_posted_to(client):
    assert client.post(reverse("core:antibot-challenge")).status_code == 405


def test_the_counter_to_find_stays_within_the_configured_maximum(settings):
    # Given a tiny maximum, the browser's search ends within it every time
    settings.ANTIBOT_MAX_NUMBER = 5
    counters = {altcha.solve_challenge(altcha.Challenge.from_dict(antibot.challenge_json())).counter for _ in range(60)}
    assert counters <= set(range(6))
    assert len(counters) > 1  # and the counter is random, not fixed


# --- the solution ---------------------------------------------------------------------------------------------------
def test_a_solved_challenge_lets_the_form_through():
    assert _send(_solved_payload()).is_valid()


def test_the_same_solution_sent_twice_is_refused_the_second_time():
    # Given a form sent with a solved challenge
    payload = _solved_payload()
    assert _send(payload).is_valid()

    # When the same payload comes again (a bot replaying one solution, or a double submit)
    again = _send(payload)

    # Then it is refused as already used
    assert not again.is_valid()
    assert _refused_with(again, "replayed")


def test_verify_says_yes_once_per_solution():
    payload = _solved_payload()
    assert antibot.verify(payload) is True
    assert antibot.verify(payload) is False


def test_missing_solution_is_refused_with_a_request_to_wait_for_the_check():
    form = _send(None)
    assert not form.is_valid()
    assert _refused_with(form, "missing")
    assert _refused_with(_send(""), "missing")


def test_tampered_signature_is_refused():
    payload = _edited(_solved_payload(), lambda d: d["challenge"].update(signature="0" * 64))
    assert _refused_with(_send(payload), "invalid")


def test_easier_challenge_made_up_by_a_bot_is_refused():
    # A bot shortens the key prefix it has to find (so any counter nearly does), keeping our signature
    def easier(data):
        data["challenge"]["parameters"]["keyPrefix"] = data["solution"]["derivedKey"][:2]

    assert _refused_with(_send(_edited(_solved_payload(), easier)), "invalid")


def test_wrong_counter_is_refused():
    payload = _edited(_solved_payload(), lambda d: d["solution"].update(counter=d["solution"]["counter"] + 1))
    assert _refused_with(_send(payload), "invalid")


@pytest.mark.parametrize("payload", ["not base64 at all!", base64.b64encode(b'{"challenge": null}').decode(), "é" * 10])
def test_garbage_is_refused_as_invalid(payload):
    assert _refused_with(_send(payload), "invalid")


def test_overlong_payload_is_refused_without_decoding_it():
    assert _refused_with(_send("A" * (antibot.MAX_PAYLOAD_LENGTH + 1)), "invalid")


def test_a_refused_solution_does_not_use_up_the_challenge():
    # Given a challenge solved correctly, first sent with a wrong counter
    payload = _solved_payload()
    wrong = _edited(payload, lambda d: d["solution"].update(counter=d["solution"]["counter"] + 1))
    assert _refused_with(_send(wrong), "invalid")

    # Then the right solution still passes
    assert _send(payload).is_valid()


@pytest.mark.parametrize(("minutes_later", "accepted"), [(19, True), (21, False)])
def test_challenge_expires_after_twenty_minutes(minutes_later, accepted):
    # Given a challenge fetched and solved at 08:00
    start = datetime.fromisoformat("2026-03-02 08:00:00+07:00")
    with freeze_time(start):
        payload = _solved_payload()

    # When the form is sent some minutes later
    with freeze_time(start + timedelta(minutes=minutes_later)):
        form = _send(payload)

    # Then it passes within 20 minutes and is refused as expired after
    assert form.is_valid() is accepted
    if not accepted:
        assert _refused_with(form, "expired")


def test_switched_off_check_lets_forms_through_without_a_solution(settings):
    settings.ANTIBOT_ENABLED = False
    assert _send(None).is_valid()


# --- the component ------------------------------------------------------------------------------------------------
def _component(form: forms.Form | None = None, language: str = "id") -> str:
    with translation.override(language):
        return render_to_string("components/antibot.html", {"field": (form or SignUpForm())["altcha"]})


def test_component_renders_the_widget_with_our_challenge_url_and_translated_texts():
    html = _component(language="en")
    widget = re.search(r"<altcha-widget ([^>]*)></altcha-widget>", html)
    assert widget is not None
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', widget.group(1)))
    assert attributes["name"] == "altcha"
    assert attributes["challenge"] == reverse("core:antibot-challenge")
    assert attributes["language"] == "en"
    strings = json.loads(attributes["data-strings"].replace("&quot;", '"').replace("&#x27;", "'"))
    assert strings["label"] == "I am not a robot"
    configuration = json.loads(attributes["configuration"].replace("&quot;", '"').replace("&#x27;", "'"))
    assert configuration["hideFooter"] is True
    assert "<noscript>" in html and "needs JavaScript" in html


def test_component_loads_scripts_and_styles_only_from_our_static_files():
    html = _component()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL)
    sources = [re.search(r'src="([^"]+)"', attributes).group(1) for attributes, _body in scripts]
    assert sources == ["/static/vendor/altcha/external/altcha.min.js", "/static/sopan/antibot.js"]
    assert all(body.strip() == "" for _attributes, body in scripts)  # no inline script (CSP script-src 'self')
    assert "<style" not in html and " style=" not in html  # no inline style (CSP style-src 'self')
    assert 'href="/static/vendor/altcha/external/altcha.css"' in html
    assert 'data-altcha-worker="/static/vendor/altcha/workers/sha.js"' in html
    for static in ("vendor/altcha/external/altcha.min.js", "vendor/altcha/external/altcha.css", "sopan/antibot.js"):
        assert finders.find(static), static
    assert finders.find("vendor/altcha/workers/sha.js")


def test_component_shows_why_the_form_was_refused():
    form = _send(None)
    with translation.override("id"):
        message = str(ProofOfWorkField.default_error_messages["missing"])
    assert escape(message) in _component(form)


def test_component_renders_nothing_when_the_check_is_switched_off(settings):
    settings.ANTIBOT_ENABLED = False
    assert _component().strip() == ""


# --- the rate limit -----------------------------------------------------------------------------------------------
@pytest.mark.urls(__name__)
def test_third_post_from_one_address_within_a_minute_gets_a_friendly_429(client):
    with freeze_time("2026-03-02 08:00:00+07:00"):
        # Given two posts from one address within the limit of 2 a minute
        sent = [client.post("/test-rate-limited/", REMOTE_ADDR="203.0.113.7") for _ in range(2)]
        assert [r.status_code for r in sent] == [200, 200]

        # When a third comes
        limited = client.post("/test-rate-limited/", REMOTE_ADDR="203.0.113.7")

        # Then it is refused with the friendly page and when to come back, while other addresses and reading go on
        assert limited.status_code == 429
        assert limited.templates[0].name == "core/rate_limited.html"
        message = translation.gettext(
            "Too many requests came from your address in a short time. Please try again in a few minutes."
        )
        assert message in limited.content.decode()
        assert 1 <= int(limited["Retry-After"]) <= 60
        assert client.post("/test-rate-limited/", REMOTE_ADDR="203.0.113.8").status_code == 200
        assert client.get("/test-rate-limited/", REMOTE_ADDR="203.0.113.7").status_code == 200

    # and a minute later the address may post again
    with freeze_time("2026-03-02 08:01:01+07:00"):
        assert client.post("/test-rate-limited/", REMOTE_ADDR="203.0.113.7").status_code == 200
