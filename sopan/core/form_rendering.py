"""The form renderer: Django's `TemplatesSetting` (project templates may override any widget, as the file picker
does), with the stock templates of the common widgets rendered in Python.

A filter form of the package list has selects of a few dozen options; Django renders each option by including
`select_option.html`, which includes `attrs.html`, and that costs more than the rest of the page (measured: 9.7 of
22.7 ms of the list's template time, issue 21 "Rendering"). The functions below write what Django's templates write,
character for character (`tests/test_form_rendering.py` compares them with the templates for every widget kind), and
only for a template that is still Django's own: a project or app template of the same name is rendered as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import django.forms
from django.forms.renderers import TemplatesSetting
from django.template.exceptions import TemplateDoesNotExist
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime

_STOCK = str(Path(django.forms.__file__).parent / "templates")


def _text(value) -> str:
    """`{{ value }}` in a template: localised (numbers, dates), then escaped unless marked safe."""
    return conditional_escape(localize(template_localtime(value)))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(out)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html (and text, number, email, date, hidden … which include it)."""
    value = widget["value"]
    shown = f' value="{conditional_escape(str(value))}"' if value is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    """django/forms/widgets/textarea.html."""
    value = widget["value"]
    text = _text(value) if value else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _option(option: dict) -> str:
    """django/forms/widgets/select_option.html (its file ends with a line break, which the select keeps)."""
    value = conditional_escape(str(option["value"]))
    return f'<option value="{value}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n'


def _select(widget: dict) -> str | None:
    """django/forms/widgets/select.html; None when an option has another template (rendered as usual then)."""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None
            out.append(f"\n  {_option(option)}")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


_INPUTS = ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search", "tel")
FAST: dict[str, Callable[[dict], str | None]] = {
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/input.html": _input,
    **{f"django/forms/widgets/{kind}.html": _input for kind in _INPUTS},
}


class Renderer(TemplatesSetting):
    """`FORM_RENDERER`: `TemplatesSetting`, with the common stock widget templates written in Python."""

    def __init__(self):
        super().__init__()
        self._stock: dict[str, bool] = {}

    def _is_stock(self, template_name: str) -> bool:
        """Whether the template this name finds is Django's own (not overridden by the project or an app)."""
        known = self._stock.get(template_name)
        if known is None:
            try:
                origin = self.get_template(template_name).origin.name
            except TemplateDoesNotExist:
                origin = ""
            known = self._stock[template_name] = str(origin).startswith(_STOCK)
        return known

    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        if fast is not None and "widget" in context and self._is_stock(template_name):
            html = fast(context["widget"])
            if html is not None:
                return html.strip()  # as BaseRenderer.render strips what the template wrote
        return super().render(template_name, context, request=request)


# --- the form field component: components/field.html, written here --------------------------------------------------
def _described_by(field) -> str:
    """` aria-describedby="…"` when the field has help text or errors (the component's attribute)."""
    if not (field.errors or field.help_text):
        return ""
    ids = (f"{_text(field.auto_id)}_helptext " if field.help_text else "") + (
        f"{_text(field.auto_id)}_error" if field.errors else ""
    )
    return f' aria-describedby="{ids}"'


def _required(field) -> str:
    return ' <span class="text-danger" aria-hidden="true">*</span>' if field.field.required else ""


def render_field(field) -> str:
    """`{% field form.x %}`: what `components/field.html` writes (a label, the widget, help text and errors, with
    Bootstrap's classes and the ARIA links), character for character (`test_form_rendering.py` compares them for every
    kind of field). Every form of the site passes through it, and the inclusion cost more than the widget."""
    widget = getattr(field.field.widget, "input_type", "") or ""
    multiple = getattr(field.field.widget, "allow_multiple_selected", False)
    invalid = " is-invalid" if field.errors else ""
    if widget == "checkbox" and not multiple:
        checked = " checked" if field.value() else ""
        head = (
            '\n<div class="mb-3 form-check">\n'
            f'  <input type="checkbox" name="{_text(field.html_name)}" id="{_text(field.id_for_label)}" '
            f'class="form-check-input{invalid}"{checked}{_described_by(field)}>\n'
            f'  <label class="form-check-label" for="{_text(field.id_for_label)}">{_text(field.label)}</label>\n'
        )
    elif widget in ("checkbox", "radio"):
        choices = "".join(
            '\n  <div class="form-check">\n'
            f"    {_text(choice.tag())}\n"
            f'    <label class="form-check-label" for="{_text(choice.id_for_label)}">{_text(choice.choice_label)}'
            "</label>\n  </div>\n  "
            for choice in field
        )
        head = (
            f'\n<fieldset class="mb-3{invalid}"{_described_by(field)}>\n'
            f'  <legend class="form-label fs-6 mb-1">{_text(field.label)}{_required(field)}</legend>\n'
            f"  {choices}\n</fieldset>\n<div>\n"
        )
    else:
        head = (
            '\n<div class="mb-3">\n'
            f'  <label class="form-label" for="{_text(field.id_for_label)}">{_text(field.label)}{_required(field)}'
            f"</label>\n  {_text(field)}\n"
        )
    help_text = (
        f'<div class="form-text" id="{_text(field.auto_id)}_helptext">{_text(field.help_text)}</div>'
        if field.help_text
        else ""
    )
    errors = (
        f'<div class="invalid-feedback d-block" id="{_text(field.auto_id)}_error">'
        + "<br>".join(str(_text(error)) for error in field.errors)
        + "</div>"
        if field.errors
        else ""
    )
    return f"\n{head}\n  {help_text}\n  {errors}\n</div>\n\n"
