"""An uploaded SOP definition is checked by its content (issue 15 §2): only plain UTF-8 text is read as YAML."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from sopan.sop.forms import DefinitionForm


def _form(name: str, content: bytes) -> DefinitionForm:
    return DefinitionForm({"text": ""}, {"file": SimpleUploadedFile(name, content, "application/yaml")})


def test_a_yaml_text_file_is_read():
    form = _form("sop.yaml", b"format: sopan-sop/1\nkey: contoh\n")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"].startswith("format: sopan-sop/1")


def test_a_web_page_named_yaml_is_refused_in_indonesian():
    with translation.override("id"):
        form = _form("sop.yaml", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
        assert not form.is_valid()
        assert form.non_field_errors() == ["Berkas ini berupa halaman web (HTML), bukan berkas teks YAML."]


def test_a_pdf_named_yaml_is_refused():
    with translation.override("id"):
        form = _form("sop.yaml", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
        assert not form.is_valid()
        assert form.non_field_errors() == ["Berkas ini berupa dokumen PDF, bukan berkas teks YAML."]
