"""Exactly one decision per registration, even when two verifiers press at the same moment (issue 4 §4)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sopan.accounts import demo
from sopan.vendors.models import Registration
from sopan.vendors.registration import services
from sopan.vendors.tests import factories


def _second_verifier(organization):
    return demo.ensure_persona(
        organization, demo.Persona("verifikator.dua", "Bayu Nugroho, S.E.", "verifier", "LPSE"), with_totp=False
    )


def _race(*calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("won")
        except ValidationError as error:
            outcomes.append(error.code or "refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_verifiers_deciding_at_once_make_exactly_one_decision(registration_setup, personas):
    verifier, other = personas["verifier"], _second_verifier(registration_setup)
    registration = factories.in_verification(registration_setup, personas["registration_officer"], verifier)
    factories.check_all(registration, verifier)
    version = Registration.objects.get(pk=registration.pk).version

    outcomes = _race(
        lambda: services.registration_approve(registration=registration, version=version, by=verifier),
        lambda: services.registration_reject(
            registration=registration, reason="not_matching", note="Tidak sesuai", version=version, by=other
        ),
    )

    assert outcomes[1] == "won" and outcomes[0] != "won"
    registration.refresh_from_db()
    assert registration.status in (Registration.Status.APPROVED, Registration.Status.REJECTED)
    assert registration.archived_files.values("kind", "label").distinct().count() == registration.archived_files.count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_verifiers_taking_the_same_file_at_once_one_gets_it(registration_setup, personas):
    verifier, other = personas["verifier"], _second_verifier(registration_setup)
    registration = factories.received_registration(registration_setup, personas["registration_officer"])

    outcomes = _race(
        lambda: services.registration_take(registration=registration, by=verifier),
        lambda: services.registration_take(registration=registration, by=other),
    )

    assert outcomes == ["refused", "won"]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.IN_VERIFICATION
    assert registration.verifier in (verifier, other)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_verifiers_pressing_approve_and_reject_at_once_through_the_web_make_one_decision(
    registration_setup, personas
):
    """The same race through the whole stack: two browsers' requests (sessions, CSRF-exempt test clients, views,
    services), each in its own thread and database connection."""
    from django.contrib.messages import get_messages
    from django.test import Client
    from django.urls import reverse

    from sopan.core.models import AuditEvent
    from sopan.core.testing import login

    verifier, other = personas["verifier"], _second_verifier(registration_setup)
    registration = factories.in_verification(registration_setup, personas["registration_officer"], verifier)
    factories.check_all(registration, verifier)
    # Both decide on the application as they see it now; the other verifier took part as the assigned one would.
    Registration.objects.filter(pk=registration.pk).update(verifier=other)
    version = Registration.objects.get(pk=registration.pk).version
    clients = {}
    for person in (verifier, other):
        clients[person.pk] = Client()
        login(clients[person.pk], person)
    posts = [
        (verifier, reverse("vendors:registration-approve", kwargs={"pk": registration.pk}), {"version": version}),
        (
            other,
            reverse("vendors:registration-reject", kwargs={"pk": registration.pk}),
            {"version": version, "reason": "not_matching", "note": "Tidak sesuai"},
        ),
    ]
    barrier = threading.Barrier(2)
    told: dict[str, list[str]] = {}

    def press(person, url, data):
        try:
            barrier.wait()
            response = clients[person.pk].post(url, data)
            told[url] = [str(m) for m in get_messages(response.wsgi_request)]
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    registration.refresh_from_db()
    assert registration.status in (Registration.Status.APPROVED, Registration.Status.REJECTED)
    decisions = AuditEvent.objects.filter(
        action__in=("vendors.registration.approved", "vendors.registration.rejected"), target_id=str(registration.pk)
    )
    assert decisions.count() == 1
    assert len(told) == 2 and all(told.values())  # each was told something: one the success, one why not
