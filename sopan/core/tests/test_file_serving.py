"""One way to serve a file (issue 15 §2): the type of the content, attachment or sandboxed inline, no-store when
personal."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from PIL import Image

from sopan.core.documents.serving import file_response

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def stored():
    names = []

    def store(name: str, content: bytes) -> str:
        names.append(default_storage.save(name, ContentFile(content)))
        return names[-1]

    yield store
    for name in names:
        default_storage.delete(name)


def test_bytes_are_an_attachment_with_the_type_of_their_content():
    response = file_response(PDF_BYTES, filename="laporan.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="laporan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response
    assert "no-store" not in response.get("Cache-Control", "")
    assert response.content == PDF_BYTES


def test_the_stored_names_extension_is_not_believed(stored):
    name = stored("uploads/test-serving/looks-like.pdf", _png())
    response = file_response(name, filename="looks-like.pdf")
    assert response["Content-Type"] == "image/png"


def test_html_is_never_served_inline_even_when_asked():
    response = file_response(b"<html><script>alert(1)</script></html>", filename="a.pdf", inline=True)
    assert response["Content-Type"] == "text/html"
    assert response["Content-Disposition"].startswith("attachment;")


def test_inline_is_sandboxed(stored):
    name = stored("uploads/test-serving/screenshot.png", _png())
    response = file_response(name, filename="screenshot.png", inline=True)
    assert response["Content-Disposition"] == 'inline; filename="screenshot.png"'
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_inline_pdf_opens_in_the_browsers_viewer_which_refuses_a_sandbox():
    response = file_response(PDF_BYTES, filename="ba.pdf", inline=True)
    assert response["Content-Disposition"] == 'inline; filename="ba.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_non_ascii_name_is_given_in_rfc_6266_form():
    response = file_response(PDF_BYTES, filename="surat-pernyataan-ñ.pdf")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''surat-pernyataan-%C3%B1.pdf"


def test_a_personal_file_is_never_stored_by_caches(stored):
    name = stored("uploads/test-serving/ktp.png", _png())
    response = file_response(name, filename="ktp.png", personal=True)
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_a_field_file_is_read_from_its_storage(stored, organization):
    organization.logo.name = stored("uploads/test-serving/logo.png", _png())
    response = file_response(organization.logo, filename="logo.png", inline=True)
    assert response["Content-Type"] == "image/png"


def test_text_the_server_made_keeps_its_precise_type_only_when_it_is_plain_text():
    yaml = file_response(b"key: value\n", filename="sop.yaml", text_type="application/yaml; charset=utf-8")
    assert yaml["Content-Type"] == "application/yaml; charset=utf-8"
    not_text = file_response(PDF_BYTES, filename="sop.yaml", text_type="application/yaml; charset=utf-8")
    assert not_text["Content-Type"] == "application/pdf"


def test_a_missing_stored_file_is_404():
    with pytest.raises(Http404):
        file_response("uploads/test-serving/not-there.pdf", filename="x.pdf")
    with pytest.raises(Http404):
        file_response("", filename="x.pdf")


@pytest.mark.django_db
def test_the_site_csp_does_not_replace_the_sandbox(client, organization, stored):
    organization.logo.name = stored("uploads/test-serving/logo2.png", _png())
    organization.save(update_fields=["logo"])
    from django.urls import reverse

    response = client.get(reverse("accounts:organization-logo", args=[organization.slug]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=3600"


def test_no_module_builds_a_file_response_by_hand():
    """Every download goes through `file_response`: none builds a FileResponse or a Content-Disposition itself."""
    from pathlib import Path

    import sopan

    root = Path(sopan.__file__).parent
    by_hand = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "serving.py"
        and any(mark in path.read_text() for mark in ("FileResponse(", '"Content-Disposition"', "as_attachment="))
    ]
    assert by_hand == []
