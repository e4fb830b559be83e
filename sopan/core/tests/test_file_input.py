"""The file picker (issue 14 §6): the browser wrote "Choose File / No file chosen" in its own language whatever the
user chose. Every file input now carries its button and empty text in the user's language, the native input kept in
the form (sending works without script)."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation


class _UploadForm(forms.Form):
    file = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))
    many = forms.FileField(required=False, widget=forms.FileInput(attrs={"class": "form-control"}))


@pytest.mark.parametrize(
    ("language", "button", "empty"),
    [("id", "Pilih berkas", "Belum ada berkas dipilih"), ("en", "Choose a file", "No file chosen")],
)
def test_every_file_input_speaks_the_users_language_and_keeps_the_native_input(language, button, empty):
    with translation.override(language):
        html = str(_UploadForm()["file"])
    assert re.search(r'<input type="file" name="file"[^>]*accept="\.pdf"[^>]*id="id_file"', html)
    assert '<label class="btn btn-outline-secondary" for="id_file">' in html and button in html
    assert f'data-none="{empty}"' in html and f">{empty}</span>" in html
    assert "data-file-picker" in html and "sopan/file-input" in html


def test_a_plain_file_input_keeps_its_classes_and_a_bound_form_reads_the_upload():
    form = _UploadForm(
        data={}, files={"file": SimpleUploadedFile("npwp.pdf", b"%PDF-1.4 x", content_type="application/pdf")}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["file"].name == "npwp.pdf"
    html = str(form["many"])
    assert 'class="form-control"' in html and 'for="id_many"' in html


def test_the_hand_written_pickers_use_the_same_component():
    with translation.override("id"):
        html = Template(
            '<span data-file-picker><input type="file" id="file-7">'
            '{% include "components/file_picker.html" with id_prefix="file-" input_id=7 small=True %}</span>'
        ).render(Context())
    assert 'for="file-7"' in html and "input-group-sm" in html and "Pilih berkas" in html
