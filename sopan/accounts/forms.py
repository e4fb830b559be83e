from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import User
from sopan.core.antibot import ProofOfWorkField


class LoginForm(auth_forms.AuthenticationForm):
    # Bounded like the user ID itself: AuthenticationForm only sets the widget's maxlength, and a longer name would
    # reach axes' 255-character record of the failed attempt (a DataError on PostgreSQL).
    username = auth_forms.UsernameField(
        label=_("User ID"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "class": "form-control"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )
    error_messages = {
        "invalid_login": _(
            "The user ID or password is wrong. After %(limit)s failed attempts the account is locked for 30 minutes."
        ),
        "inactive": _("This account is not active. Contact your LPSE administrator."),
    }

    def get_invalid_login_error(self):
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"], code="invalid_login", params={"limit": settings.AXES_FAILURE_LIMIT}
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "class": "form-control form-control-lg",
            }
        ),
    )


def _proof_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code from your current authenticator app, or a recovery code"),
        max_length=20,
        strip=True,
        error_messages={"required": _("Enter a code from your current authenticator app, or a recovery code.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "class": "form-control"}),
    )


class TwoFactorSetupForm(TokenForm):
    """The code of the new authenticator; when it replaces one, also a fresh code of the current one (`proof`)."""

    def __init__(self, *args, replacing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].label = _("Code from the new app")
        if replacing:
            self.fields["proof"] = _proof_field()


class ProofForm(forms.Form):
    """A fresh code for a change to one's second factor (new recovery codes, turning it off)."""

    proof = _proof_field()


class LanguageForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]
        widgets = {"language": forms.Select(attrs={"class": "form-select"})}


class PasswordResetForm(forms.Form):
    """The address to send a reset link to, and the proof of work of the public forms (sopan.core.antibot).

    It looks nobody up: the background task does (tasks.send_password_reset), so the answer and the work done while
    the person waits are the same whether or not the address belongs to an account.
    """

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
    )
    altcha = ProofOfWorkField()
