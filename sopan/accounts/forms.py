from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import User
from sopan.core.tasks import send_rendered_mail


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


class LanguageForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]
        widgets = {"language": forms.Select(attrs={"class": "form-select"})}


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form (which never reveals whether an address is known), with the mail sent in the background."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
    )

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        from django.template.loader import render_to_string
        from django.utils import translation

        with translation.override(context["user"].language):
            subject = " ".join(render_to_string(subject_template_name, context).split())
            body = render_to_string(email_template_name, context)
        send_rendered_mail.enqueue(to=to_email, subject=subject, body=body)
