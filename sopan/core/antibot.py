"""A check that a person, not a script, sends a public form: ALTCHA proof of work, entirely on our own servers.

The browser asks `core:antibot-challenge` for a puzzle, the ALTCHA widget solves it (SHA-256, about a second of work),
and posts the solution with the form in the field `altcha`; `ProofOfWorkField` checks it. No third-party service, no
cookies, nothing about the person is kept: a challenge is signed with a key derived from SECRET_KEY, so any process can
check it, and it is remembered in the shared cache only to refuse its second use.

Protocol: ALTCHA v2 (what the widget altcha@3 speaks natively), algorithm SHA-256 in deterministic mode: the server
picks a random counter in [0, ANTIBOT_MAX_NUMBER] and the browser has to find it. Settings:
- ANTIBOT_ENABLED: off skips the check entirely (tests of other apps; never in production);
- ANTIBOT_MAX_NUMBER: the largest counter; the browser tries half of it on average.
"""

from __future__ import annotations

import enum
import json
import secrets
import time
from datetime import timedelta

import altcha
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

ALGORITHM = "SHA-256"  # the widget's SHA worker; one digest per try, no memory cost
CHALLENGE_LIFETIME = timedelta(minutes=20)  # long enough to fill in a form; the widget asks again when it runs out
MAX_PAYLOAD_LENGTH = 4096  # a real payload is about 600 characters; anything longer is not worth decoding
REPLAY_MARGIN_SECONDS = 60  # remember a used challenge a little past its expiry: clocks of processes differ slightly


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    MISSING = "missing"
    INVALID = "invalid"
    EXPIRED = "expired"
    REPLAYED = "replayed"


def _hmac_secret() -> str:
    # A key of its own, derived from SECRET_KEY: a leaked challenge signature says nothing about SECRET_KEY itself.
    return salted_hmac("sopan.core.antibot", "altcha-challenge", algorithm="sha256").hexdigest()


def challenge_json(request: HttpRequest | None = None) -> dict:
    """A new signed challenge, as the widget expects it from the challenge URL.

    `request` is accepted for callers that have one; the challenge does not depend on who asks.
    """
    challenge = altcha.create_challenge(
        ALGORITHM,
        cost=1,
        counter=secrets.randbelow(settings.ANTIBOT_MAX_NUMBER + 1),
        expires_at=timezone.now() + CHALLENGE_LIFETIME,
        hmac_secret=_hmac_secret(),
    )
    return challenge.to_dict()


def check(payload: str | None) -> Outcome:
    """What a payload posted by the widget is worth. An accepted payload is used up: the same one is refused after."""
    if not payload:
        return Outcome.MISSING
    if len(payload) > MAX_PAYLOAD_LENGTH:
        return Outcome.INVALID
    result = altcha.verify_solution(payload, _hmac_secret())
    if result.expired:
        return Outcome.EXPIRED
    if not result.verified:
        return Outcome.INVALID
    parsed = altcha.Payload.from_base64(payload)  # parsed once already by verify_solution, so it cannot fail here
    expires_at = parsed.challenge.parameters.expires_at
    remember_for = max(1, int(expires_at - time.time())) + REPLAY_MARGIN_SECONDS
    # `add` stores only when the key is absent, atomically (Redis SET NX; a primary key in the database cache): of two
    # requests with the same solution, in any processes, exactly one gets True.
    if not cache.add(f"antibot:used:{parsed.challenge.signature}", True, timeout=remember_for):
        return Outcome.REPLAYED
    return Outcome.ACCEPTED


def verify(payload: str | None) -> bool:
    """True for a valid, unexpired solution seen for the first time (and it is then used up)."""
    return check(payload) is Outcome.ACCEPTED


def widget_strings() -> dict[str, str]:
    """The widget's texts in the active language (the widget itself only knows English)."""
    return {
        "label": gettext("I am not a robot"),
        "verifying": gettext("Checking…"),
        "verified": gettext("Checked: you are not a robot"),
        "verificationRequired": gettext("Please complete the check 'I am not a robot'."),
        "waitAlert": gettext("Checking… please wait."),
        "error": gettext("The check failed. Please try again later."),
        "expired": gettext("The check has expired. Please tick 'I am not a robot' again."),
        "ariaLinkLabel": gettext("ALTCHA (official website)"),
    }


class ProofOfWorkField(forms.CharField):
    """The widget's solution, posted as `altcha`: declare it as `altcha = ProofOfWorkField()` on a public form.

    Render it with the component: `{% include "components/antibot.html" with field=form.altcha %}`.
    """

    default_error_messages = {
        Outcome.MISSING.value: _("Please wait until the check 'I am not a robot' has finished, then send again."),
        Outcome.INVALID.value: _(
            "The check 'I am not a robot' could not be confirmed. Please tick it again, then send again."
        ),
        Outcome.EXPIRED.value: _("The check 'I am not a robot' has expired. Please tick it again, then send again."),
        Outcome.REPLAYED.value: _(
            "This check 'I am not a robot' was already used. Please tick it again, then send again."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)  # a missing payload gets our own message, not "This field is required"
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("label", _("I am not a robot"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not settings.ANTIBOT_ENABLED:
            return value
        outcome = check(value)
        if outcome is not Outcome.ACCEPTED:
            raise ValidationError(self.error_messages[outcome.value], code=f"antibot_{outcome.value}")
        return value

    @property
    def component(self) -> dict:
        """What components/antibot.html puts on the widget, in the language active while the page is rendered."""
        return {
            "enabled": settings.ANTIBOT_ENABLED,
            "challenge_url": reverse("core:antibot-challenge"),
            "language": get_language() or settings.LANGUAGE_CODE,
            "strings": json.dumps(widget_strings(), ensure_ascii=False),
            # The footer is the widget's own English HTML with a link out; the check works the same without it.
            "configuration": json.dumps(
                {
                    "hideFooter": True,
                    "validationMessage": gettext("Please tick 'I am not a robot' before sending the form."),
                },
                ensure_ascii=False,
            ),
        }


@require_GET
@never_cache
def challenge_view(request: HttpRequest) -> JsonResponse:
    """GET /antibot/challenge/: a fresh challenge for the widget (public: the forms it protects are)."""
    return JsonResponse(challenge_json(request))
