from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def bootstrap(form: forms.Form) -> forms.Form:
    """Give every widget of a form Bootstrap's classes, so templates render fields with `{% field %}` alone."""
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):  # RadioSelect: also CheckboxSelectMultiple
            css = "form-check-input"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


class BootstrapForm:
    """Give every widget Bootstrap's classes, so templates render fields with `{% field %}` alone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates whatever the interface language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's error on the form: on the field it names when the form has that field, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class AuditFilterForm(forms.Form):
    # A choice of the events by their names; the value stays the event's code (or, from an older link, the start of
    # codes, e.g. "accounts.role_assignment"), so it is a text field shown as a list.
    action = forms.CharField(label=_("Event"), required=False, max_length=100, widget=forms.Select)
    actor = forms.CharField(label=_("User ID"), required=False, max_length=150)
    target = forms.CharField(label=_("Object"), required=False, max_length=100)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sopan.core.audit_display import event_choices

        self.fields["action"].widget.choices = [("", _("All events")), *event_choices()]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
