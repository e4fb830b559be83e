"""The form renderer writes the common widgets in Python (`core/form_rendering.py`): what it writes must be what
Django's own templates write, character for character, and a widget template the project overrides is still used."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.safestring import mark_safe

from sopan.core import form_rendering
from sopan.core.forms import DateInput


class Everything(forms.Form):
    name = forms.CharField(max_length=20, help_text="x", widget=forms.TextInput(attrs={"placeholder": 'a "b" <c>'}))
    count = forms.IntegerField(min_value=0, required=False)
    amount = forms.DecimalField(required=False)
    email = forms.EmailField(required=False, disabled=True)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    on = forms.DateField(widget=DateInput, required=False)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "autofocus": True}), required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    status = forms.ChoiceField(choices=[("", "—"), ("a", "Ada & <b>"), ("b", mark_safe("<i>aman</i>"))], required=False)
    year = forms.TypedChoiceField(choices=[(2026, 2026), (12345, 12345)], coerce=int, required=False)
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("Kelompok <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False
    )
    many = forms.MultipleChoiceField(choices=[("p", "P"), ("q", "Q"), ("r", "R")], required=False)
    empty = forms.ChoiceField(choices=[], required=False)


def _rendered(form, renderer) -> dict[str, str]:
    form.renderer = renderer
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "name": 'Budi "B" <script>',
            "count": "12345",
            "amount": "1234.5",
            "secret": "s<e>",
            "hidden": "h&h",
            "on": "2026-12-07",
            "search": "x",
            "note": "baris 1\n<baris 2>",
            "status": "a",
            "year": "12345",
            "grouped": "y",
            "many": ["p", "r"],
        },
        {"count": "abc", "on": "bukan tanggal", "status": "nope", "grouped": "z"},
    ],
)
def test_fast_widgets_write_what_djangos_templates_write(data, language):
    with translation.override(language):
        initial = {"amount": Decimal("1234567.89"), "on": datetime.date(2026, 1, 2), "year": 2026}
        fast = _rendered(Everything(data, initial=initial), form_rendering.Renderer())
        slow = _rendered(Everything(data, initial=initial), TemplatesSetting())
    assert fast == slow
    assert "<select" in fast["status"] and "<optgroup" in fast["grouped"]  # the cases are really there


def test_every_fast_template_is_used_by_the_form_above():
    """The comparison covers the kinds of widget the fast path writes: input, textarea and select."""
    seen = set()

    class Spy(form_rendering.Renderer):
        def render(self, template_name, context, request=None):
            seen.add(template_name)
            return super().render(template_name, context, request)

    _rendered(Everything(), Spy())
    assert {"django/forms/widgets/select.html", "django/forms/widgets/textarea.html"} <= seen
    assert {"django/forms/widgets/text.html", "django/forms/widgets/date.html", "django/forms/widgets/number.html"} <= (
        seen
    )


def test_an_overridden_widget_template_is_rendered_by_its_template(settings, tmp_path):
    """A project template of the same name wins over the fast path, as it wins over Django's own."""
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    (folder / "select.html").write_text('<span class="mine">{{ widget.name }}</span>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    form = Everything()
    form.renderer = form_rendering.Renderer()
    assert str(form["status"]) == '<span class="mine">status</span>'


def test_the_project_uses_the_fast_renderer(settings):
    assert settings.FORM_RENDERER == "sopan.core.form_rendering.Renderer"
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), form_rendering.Renderer)


class Fields(forms.Form):
    """Every branch of components/field.html: a single checkbox, choices as checkboxes or radios, any other widget;
    required or not, help text or not, errors or not, texts to escape."""

    title = forms.CharField(label='Judul <b>"&"</b>', help_text="Paling banyak 20 huruf & <angka>", max_length=20)
    agree = forms.BooleanField(label="Setuju", help_text="Wajib <dicentang>")
    optional_flag = forms.BooleanField(required=False)
    kind = forms.ChoiceField(choices=[("a", "A & <a>"), ("b", "B")], widget=forms.RadioSelect)
    tags = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y <y>")], widget=forms.CheckboxSelectMultiple, required=False, help_text="Pilih"
    )
    status = forms.ChoiceField(choices=[("", "—"), ("s", "S")], required=False)
    many = forms.MultipleChoiceField(choices=[("p", "P"), ("q", "Q")], required=False)
    note = forms.CharField(widget=forms.Textarea, required=False)
    on = forms.DateField(widget=DateInput, required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"title": "x" * 30, "kind": "c", "tags": ["z"], "on": "kemarin"},  # errors everywhere (the checkbox too)
        {"title": "ok", "agree": "on", "optional_flag": "on", "kind": "a", "tags": ["x", "y"], "many": ["q"]},
    ],
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_field_component_is_written_as_its_template_writes_it(data, language):
    from django.template.loader import render_to_string

    form = Fields(data)
    form.is_valid()
    with translation.override(language):
        for name in form.fields:
            expected = render_to_string("components/field.html", {"field": form[name]})
            assert form_rendering.render_field(form[name]) == expected, name
