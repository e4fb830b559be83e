from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import empty
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

LANGUAGES = {code for code, _label in settings.LANGUAGES}


class IdleSessionMiddleware:
    """A session ends after SESSION_COOKIE_AGE without a request; its expiry moves forward at most once a minute.

    Django's SESSION_SAVE_EVERY_REQUEST gives the same idle expiry by writing the session on every request: one
    UPDATE in its own transaction per page view. Writing it when the last write is a minute old keeps the expiry
    within a minute of exact and spares the database all the other writes. Sits just inside SessionMiddleware,
    which saves the session after this has marked it.
    """

    KEY = "sopan_seen"
    EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.EVERY_SECONDS:
                session[self.KEY] = now  # marks it modified: SessionMiddleware saves it with a new expiry
        return response

    @classmethod
    def stamp_login(cls, sender, request, user, **kwargs):
        """A login writes the session anyway: it counts as the last write (connected to `user_logged_in`, so a
        login made without the middleware, such as the test client's, behaves the same)."""
        request.session[cls.KEY] = int(time.time())


class VerifiedUserMiddleware(OTPMiddleware):
    """django-otp's middleware (`user.otp_device`, `user.is_verified()`), with the person read now rather than on first
    use, and the session's authenticator taken from those read with the person (identity.py) instead of a query.

    `request.user` is then the person themselves, not a lazy wrapper: every attribute a page reads of them (dozens, in
    the permission checks and the templates) goes straight to the object.
    """

    def _install_lazy_accessors(self, request):
        user = getattr(request, "user", None)
        if user is None or self._is_async:
            return super()._install_lazy_accessors(request)
        if getattr(user, "_wrapped", None) is empty:
            user._setup()
        request.user = self._verify_user_sync(request, getattr(user, "_wrapped", user))

    def _verify_user_sync(self, request, user):
        known = user.__dict__.get("identity_devices") if user.is_authenticated else None
        if known is None:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        device = known.get(self._normalize_persistent_id(persistent_id)) if persistent_id else None
        user.otp_device = self._finalize_device(request, user, device)
        return user


class UserPreferencesMiddleware:
    """Language and time zone for the request.

    Language: the logged-in user's choice, else the language cookie, else Indonesian. The browser's Accept-Language
    is deliberately ignored: Sopan is Indonesian first, English only when a person asks for it.
    Time zone: the user's organisation's (WIB/WITA/WIT).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        language = settings.LANGUAGE_CODE
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user.is_authenticated and user.language in LANGUAGES:
            language = user.language
        elif cookie in LANGUAGES:
            language = cookie
        request.LANGUAGE_CODE = language
        zone = user.organization.timezone if user.is_authenticated and user.organization_id else None
        # override, not activate: the thread gets back what it had, so nothing of this person stays behind.
        with translation.override(language), timezone.override(zone):
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


# What a logged-in person may reach before passing the second factor (issue 13 §1). Logging out, always. The language
# switch, so that the verification page can be read in the person's language: it changes nothing but how pages are
# shown. The health check, which carries no data and answers load balancers whatever cookie they send.
ALWAYS_OPEN = frozenset({"accounts:logout", "core:language", "core:healthz"})
# Who has an authenticator may only prove it: with a code from it or a recovery code.
OPEN_BEFORE_VERIFICATION = ALWAYS_OPEN | {"accounts:two-factor-verify"}
# Who must have one (staff) but has none yet may only set one up (the verify page sends them there too).
OPEN_BEFORE_SET_UP = OPEN_BEFORE_VERIFICATION | {"accounts:two-factor-setup"}


class TwoFactorRequiredMiddleware:
    """A session that has not passed the second factor reaches nothing but verification and logging out.

    Whoever has a confirmed authenticator (staff, and vendors who turned it on) must verify with it first; staff
    without one must set one up first. Setting up a *new* authenticator is not a way round verification: for a person
    who already has one, the set-up page is closed until they verify (and then asks for a code from the current one).
    The device is looked up on every request of a session not yet verified, not remembered from the login: an
    authenticator turned on in another session then closes this one too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not request.path_info.startswith(settings.STATIC_URL):
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                open_views, target = OPEN_BEFORE_VERIFICATION, "accounts:two-factor-verify"
            elif user.requires_two_factor:
                open_views, target = OPEN_BEFORE_SET_UP, "accounts:two-factor-setup"
            else:
                return self.get_response(request)
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name not in open_views:
                url = redirect(target).url
                if request.method == "GET":
                    url += "?" + urlencode({"next": request.get_full_path()})
                return redirect(url)
        return self.get_response(request)
