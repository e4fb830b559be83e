"""Numbered series per organisation, series and year, gap-free (issue 15 §2)."""

from __future__ import annotations

import threading
import zoneinfo
from datetime import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sopan.core.documents.numbering import (
    NumberingOutsideTransaction,
    draw_number,
    next_number,
    organization_year,
)
from sopan.core.models import NumberSeries


def test_numbers_run_per_organisation_series_and_year(organization):
    assert [next_number(organization, "HD", year=2026) for _ in range(3)] == [1, 2, 3]
    assert next_number(organization, "FK", year=2026) == 1
    assert next_number(organization, "HD", year=2027) == 1
    assert next_number(organization, "HD", year=2026) == 4


def test_two_organisations_draw_independently(organization, other_organization):
    assert next_number(organization, "BA", year=2026) == 1
    assert next_number(organization, "BA", year=2026) == 2
    assert next_number(other_organization, "BA", year=2026) == 1
    assert NumberSeries.objects.get(organization=other_organization, series="BA", year=2026).value == 1


def test_the_year_defaults_to_the_organisations_current_year(organization, monkeypatch):
    # 31 December 18:00 UTC is already 1 January in Jakarta (UTC+7)
    monkeypatch.setattr(
        "sopan.core.documents.numbering.timezone.now",
        lambda: datetime(2026, 12, 31, 18, tzinfo=zoneinfo.ZoneInfo("UTC")),
    )
    organization.timezone = "Asia/Jakarta"
    assert organization_year(organization) == 2027
    assert next_number(organization, "HD") == 1
    assert NumberSeries.objects.get(organization=organization, series="HD").year == 2027


def test_a_rolled_back_transaction_gives_its_number_back(organization):
    assert next_number(organization, "BA", year=2026) == 1
    with CaptureQueriesContext(connection) as queries, pytest.raises(RuntimeError), transaction.atomic():
        assert next_number(organization, "BA", year=2026) == 2
        raise RuntimeError("the numbered object failed to save")
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)
    assert next_number(organization, "BA", year=2026) == 2


@pytest.mark.django_db(transaction=True)
def test_drawing_outside_a_transaction_is_refused(organization):
    with pytest.raises(NumberingOutsideTransaction):
        next_number(organization, "HD", year=2026)
    assert not NumberSeries.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_draws_never_share_a_number(organization):
    drawn: list[int] = []
    barrier = threading.Barrier(4)

    def draw():
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    drawn.append(next_number(organization, "HD", year=2026))
        finally:
            connection.close()

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(drawn) == list(range(1, 21))


# --- draw_number: gaps allowed, nothing locked beyond its own statement (issue 21, ticket numbers) -----------------
def test_draw_number_runs_per_organisation_series_and_year_in_one_query(organization, other_organization):
    assert draw_number(organization, "HD", year=2026) == 1  # the series' row is made on the first draw
    with CaptureQueriesContext(connection) as queries:
        assert draw_number(organization, "HD", year=2026) == 2
    assert len(queries) == 1 and "RETURNING" in queries.captured_queries[0]["sql"]
    assert draw_number(organization, "FK", year=2026) == 1
    assert draw_number(organization, "HD", year=2027) == 1
    assert draw_number(other_organization, "HD", year=2026) == 1
    assert NumberSeries.objects.get(organization=organization, series="HD", year=2026).value == 2


@pytest.mark.django_db(transaction=True)
def test_draw_number_outside_a_transaction_commits_at_once_and_keeps_its_gap(organization):
    assert draw_number(organization, "HD", year=2026) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert draw_number(organization, "HD", year=2026) == 2
        raise RuntimeError("the numbered object failed to save")
    # Rolled back inside the failed transaction; a draw made before a failed transaction stays taken.
    assert draw_number(organization, "HD", year=2026) == 2
    with pytest.raises(RuntimeError), transaction.atomic():
        raise RuntimeError("the ticket's transaction failed after its number was drawn")
    assert draw_number(organization, "HD", year=2026) == 3
    assert NumberSeries.objects.get(organization=organization, series="HD", year=2026).value == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_draws_outside_transactions_never_share_a_number(organization):
    drawn: list[int] = []
    barrier = threading.Barrier(4)

    def draw():
        try:
            barrier.wait()
            for _ in range(5):
                drawn.append(draw_number(organization, "HD", year=2026))
        finally:
            connection.close()

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(drawn) == list(range(1, 21))
