"""Signing in and one's own account: login, two-factor set-up and check, recovery codes, language, password."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sopan.accounts import services
from sopan.accounts.forms import (
    LanguageForm,
    LoginForm,
    PasswordResetForm,
    ProofForm,
    TokenForm,
    TwoFactorSetupForm,
)
from sopan.accounts.models import Organization
from sopan.accounts.services import two_factor
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors, bootstrap
from sopan.core.ratelimits import over_limit, public_rate_limit

SETUP_DEVICE_SESSION_KEY = "sopan_totp_setup_device"


def _next_url(request, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@require_GET
def organization_logo(request, slug: str):
    """An organisation's logo, from whichever storage holds it (local disk or object storage).

    Public, like the letterhead it belongs on. Stored under a name derived from the checked content (.png/.jpg),
    so the content type is known and nothing uploaded is served as HTML.
    """
    organization = get_object_or_404(Organization, slug=slug)
    if not organization.logo:
        raise Http404
    response = file_response(organization.logo, filename=organization.logo.name.rsplit("/", 1)[-1], inline=True)
    response["Cache-Control"] = "public, max-age=3600"
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_logged_in(user=form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


def _second_factor_passed(request, device) -> None:
    """Mark the session verified with `device`, under a new session key: a key seen before the second factor (on a
    shared computer, in a log) does not become a verified session."""
    otp_login(request, device)
    request.session.cycle_key()


@login_required
def two_factor_setup(request):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code, keep recovery codes.

    Replacing an authenticator takes a verified session and a code from the current one
    (`two_factor.totp_enroll_confirm`); a session that has not verified is sent to verification (the middleware does
    too; this view does not rely on it).
    """
    user = request.user
    replacing = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if replacing and not user.is_verified():
        return redirect("accounts:two-factor-verify")
    device = None
    device_id = request.session.get(SETUP_DEVICE_SESSION_KEY)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if request.method == "POST" and device is not None:
        form = TwoFactorSetupForm(request.POST, replacing=replacing)
        if form.is_valid():
            try:
                codes = two_factor.totp_enroll_confirm(
                    device=device, token=form.cleaned_data["token"], proof=form.cleaned_data.get("proof"), by=user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session.pop(SETUP_DEVICE_SESSION_KEY, None)
                device.refresh_from_db()
                _second_factor_passed(request, device)  # the old device, if any, is gone: verified with the new one
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": _next_url(request), "first_time": not replacing},
                )
    else:
        form = TwoFactorSetupForm(replacing=replacing)
        if device is None or request.method == "GET":
            device = two_factor.totp_enroll_begin(user=user)
            request.session[SETUP_DEVICE_SESSION_KEY] = device.pk
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
            "required": user.requires_two_factor,
            "replacing": replacing,
        },
    )


@login_required
def two_factor_verify(request):
    """The second step of logging in: a code from the authenticator app, or one recovery code."""
    user = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:two-factor-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.second_factor_check(user=user, token=form.cleaned_data["token"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _second_factor_passed(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(count)s are left. Create new ones in "
                        "My account if you are running low."
                    )
                    % {"count": left},
                )
            return HttpResponseRedirect(_next_url(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


def _proof_or_message(request) -> str | None:
    """The fresh code posted with a change to one's second factor, or None after putting the form's error up."""
    form = ProofForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["proof"]
    messages.error(request, " ".join(form.errors["proof"]))
    return None


@login_required
@require_POST
def recovery_codes_regenerate(request):
    proof = _proof_or_message(request)
    if proof is None:
        return redirect("accounts:profile")
    try:
        codes = two_factor.recovery_codes_regenerate(user=request.user, proof=proof, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:profile"), "first_time": False},
    )


@login_required
def profile(request):
    """My account: language, password, two-factor authentication."""
    form = LanguageForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_set_language(user=request.user, language=form.cleaned_data["language"], by=request.user)
        messages.success(request, _("Saved."))
        return redirect("accounts:profile")
    has_totp = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "proof_form": ProofForm(),
            "has_totp": has_totp,
            "recovery_left": sum(d.token_set.count() for d in StaticDevice.objects.filter(user=request.user)),
        },
    )


@login_required
@require_POST
def two_factor_disable(request):
    """Vendors may switch their optional 2FA off again, with a fresh code; staff cannot (it is required for them)."""
    if request.user.requires_two_factor:
        messages.error(request, _("Two-factor authentication is required for your role."))
        return redirect("accounts:profile")
    proof = _proof_or_message(request)
    if proof is None:
        return redirect("accounts:profile")
    try:
        two_factor.two_factor_disable(proof=proof, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:profile")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def get_form(self, form_class=None):
        return bootstrap(super().get_form(form_class))

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=self.request.user, by=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


# Asking for a reset link (issue 13 §2): per client address, every POST counts; per e-mail address, only requests with
# a valid form (proof of work done), so that nobody can use up another person's allowance cheaply. Three links an hour
# are plenty for someone whose mail is slow; ten requests an hour from one place cover an office behind one address.
RESET_RATE_PER_CLIENT = "10/h"
RESET_RATE_PER_ADDRESS = "3/h"


def _normalised_email(form: PasswordResetForm):
    address = form.cleaned_data["email"].strip().lower()
    return lambda group, request: address


@method_decorator(public_rate_limit("accounts.password-reset", RESET_RATE_PER_CLIENT), name="dispatch")
class PasswordResetView(FormView):
    """The public form: an address and the proof of work; the same answer whether or not the address is known."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        retry_after = over_limit(
            self.request,
            group="accounts.password-reset-address",
            rate=RESET_RATE_PER_ADDRESS,
            key=_normalised_email(form),
        )
        if retry_after is not None:
            form.add_error(
                "email",
                # The same words for every address, known or not: they must not tell which addresses have accounts.
                _(
                    "A link for this address has been asked for several times within the hour. If the address "
                    "belongs to an account, the links are in its mailbox (look in the spam folder too); otherwise "
                    "ask again in an hour."
                ),
            )
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(retry_after)
            return response
        services.password_reset_request(email=form.cleaned_data["email"])
        return super().form_valid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def get_form(self, form_class=None):
        return bootstrap(super().get_form(form_class))

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, by=form.user, reset_by_mail=True)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
