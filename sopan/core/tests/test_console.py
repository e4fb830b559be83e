"""What the console shows an operator (issue 14 §8): requests and errors, not library chatter; and no favicon 404s."""

from __future__ import annotations

import logging

from django.contrib.staticfiles import finders
from django.test import Client
from weasyprint import HTML

from sopan.core.testing import login


def test_a_403_logs_no_traceback(client, verifier, caplog):
    """The access log has one line for it; Django's own warning came with the whole traceback of PermissionDenied."""
    login(client, verifier)

    with caplog.at_level(logging.INFO):
        response = client.get("/organisasi/")

    assert response.status_code == 403
    assert [r for r in caplog.records if r.name.startswith("django.request")] == []


def test_a_404_logs_nothing_besides_the_access_log(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/tidak-ada/")

    assert response.status_code == 404
    assert [r for r in caplog.records if r.name.startswith("django.request")] == []


def test_a_server_error_is_logged_with_its_traceback(db, settings, caplog):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "sopan.core.tests.urls_boom"
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.INFO):
        response = client.get("/boom/")

    assert response.status_code == 500
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert errors[0].exc_info and errors[0].exc_info[0] is RuntimeError


def test_making_a_pdf_logs_no_progress_but_keeps_warnings(caplog):
    with caplog.at_level(logging.INFO):
        HTML(string="<h1>Berita Acara</h1><p>Isi</p>").write_pdf()

    assert [r for r in caplog.records if r.name.startswith(("weasyprint", "fontTools"))] == []
    assert logging.getLogger("weasyprint.progress").isEnabledFor(logging.WARNING)
    assert not logging.getLogger("fontTools.subset").isEnabledFor(logging.INFO)
    assert logging.getLogger("fontTools.subset").isEnabledFor(logging.WARNING)


def test_favicon_is_served_from_the_static_files(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith(".ico")
    assert finders.find("sopan/favicon.ico")
    assert finders.find("sopan/favicon.svg")


def test_every_page_links_its_icon(client, verifier):
    login(client, verifier)

    body = client.get("/", follow=True).content.decode()

    assert 'rel="icon"' in body
    assert "sopan/favicon.svg" in body
