"""The forms of a declared register: the row's model form, and the list's filter form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import bootstrap
from sopan.core.registers.declaration import CHOICE, DATES, SEARCH, Register


def row_form_class(register: Register) -> type[forms.ModelForm]:
    """The model form of the register's fields (the organisation and the version are the service's)."""
    return forms.modelform_factory(register.model_class, fields=list(register.fields))


def row_form(register: Register, *args, **kwargs) -> forms.ModelForm:
    form = bootstrap(row_form_class(register)(*args, **kwargs))
    for name, form_field in form.fields.items():
        if register.model_field(name).get_internal_type() == "DateField":
            form_field.widget = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
    return form


def _label(register: Register, spec) -> str:
    if spec.label is not None:
        return spec.label
    if spec.kind == SEARCH:
        return _("Search")
    return register.model_field(spec.name).verbose_name


def filter_form(register: Register, data) -> forms.Form:
    """A form with one field per declared filter (two for a date range), all optional."""
    fields: dict[str, forms.Field] = {}
    for spec in register.filters:
        label = _label(register, spec)
        if spec.kind == CHOICE:
            choices = [("", _("All")), *register.model_field(spec.name).flatchoices]
            fields[spec.name] = forms.TypedChoiceField(
                label=label, choices=choices, required=False, coerce=register.model_field(spec.name).to_python
            )
        elif spec.kind == SEARCH:
            fields[spec.name] = forms.CharField(label=label, required=False, max_length=100)
        elif spec.kind == DATES:
            date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            fields[f"{spec.name}_from"] = forms.DateField(
                label=_("%(field)s from") % {"field": label}, required=False, widget=date
            )
            fields[f"{spec.name}_to"] = forms.DateField(
                label=_("%(field)s until") % {"field": label}, required=False, widget=date
            )
        else:
            raise ValueError(f"unknown filter kind {spec.kind!r}")
    form_class = type("RegisterFilterForm", (forms.Form,), fields)
    return bootstrap(form_class(data or None))
