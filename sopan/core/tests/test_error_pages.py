"""Friendly error pages, in Indonesian by default."""

from __future__ import annotations

from django.test import Client
from django.utils import translation

from sopan.core.testing import login
from sopan.core.views import error_500


def test_forbidden_page_explains_in_indonesian(client, verifier):
    login(client, verifier)
    response = client.get("/organisasi/")
    assert response.status_code == 403
    assert response.templates[0].name == "errors/403.html"
    assert "Anda tidak diizinkan melakukan ini" in response.content.decode()


def test_server_error_page_stands_alone_and_promises_nothing_half_saved(rf):
    with translation.override("id"):
        response = error_500(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan" in body and "setengah jalan" in body


def test_an_unexpected_error_shows_the_friendly_page(db, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "sopan.core.tests.urls_boom"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()
