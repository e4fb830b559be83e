"""The audit trail: one event per write in the same transaction, append-only, and tampering detected."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from sopan.accounts import services
from sopan.accounts.models import OrgUnit
from sopan.core import audit, audit_anchors, audit_guard
from sopan.core.models import AuditChain, AuditEvent
from sopan.core.testing import login


def _tamper(sql: str, params=()) -> None:
    """What an attacker with the database owner's rights could do: switch the guard off and change rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks, so the table may be altered
        audit_guard.remove(connection)
        cursor.execute(sql, params)


@pytest.fixture
def three_units(organization, lpse_head):
    return [
        services.unit_create(
            organization=organization, name=f"Bidang {i}", code=f"B{i}", kind=OrgUnit.Kind.OTHER, by=lpse_head
        )
        for i in range(3)
    ]


def test_service_write_records_event_with_actor_changes_and_address(client, organization, lpse_head):
    login(client, lpse_head)
    response = client.post("/bahasa/", {"language": "en", "next": "/"}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="accounts.user.language_changed").get()
    assert event.actor == lpse_head
    assert event.organization_id == organization.pk
    assert event.changes == {"language": ["id", "en"]}
    assert event.ip_address == "10.1.2.3"
    assert event.request_id


def test_event_rolls_back_with_the_failed_change(organization, lpse_head):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.unit_create(organization=organization, name="Sementara", code="TMP", kind="other", by=lpse_head)
        raise RuntimeError("the rest of the operation failed")
    assert AuditEvent.objects.count() == before
    assert not OrgUnit.objects.filter(code="TMP").exists()


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused(lpse_head):
    with pytest.raises(RuntimeError):
        audit.record(action="test.outside", by=lpse_head)


def test_events_chain_in_sequence_per_organisation(three_units, organization, other_organization, outsider):
    services.unit_create(organization=other_organization, name="Bagian X", code="X", kind="other", by=outsider)
    chain = AuditChain.objects.get(organization=organization)
    sequences = list(AuditEvent.objects.filter(chain=chain).order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    assert chain.last_sequence == sequences[-1]
    other_chain = AuditChain.objects.get(organization=other_organization)
    assert AuditEvent.objects.filter(chain=other_chain, action="accounts.unit.created").count() == 1
    assert audit.verify_all() == []


def test_events_cannot_be_changed_or_deleted_through_the_orm(three_units):
    event = AuditEvent.objects.filter(action="accounts.unit.created").first()
    event.action = "something.else"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_database_refuses_raw_update_and_delete(three_units):
    event = AuditEvent.objects.filter(action="accounts.unit.created").first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])


def test_audit_verify_reports_intact_trail(three_units, capsys):
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_audit_verify_finds_an_altered_event(three_units, organization):
    target = AuditEvent.objects.filter(action="accounts.unit.created", target_repr="Bidang 1").get()
    _tamper("UPDATE core_auditevent SET target_repr = %s WHERE id = %s", ["Bidang palsu", target.pk])
    with pytest.raises(CommandError, match="damaged"):
        call_command("audit_verify")
    problem = audit.verify_all()[0]
    assert (problem.kind, problem.sequence, problem.event_id) == ("altered", target.sequence, target.pk)
    assert problem.chain == f"org:{organization.pk}"


def test_audit_verify_finds_a_missing_event(three_units):
    target = AuditEvent.objects.filter(action="accounts.unit.created", target_repr="Bidang 1").get()
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [target.pk])
    problem = audit.verify_all()[0]
    assert (problem.kind, problem.sequence) == ("missing", target.sequence)


def test_audit_verify_finds_events_cut_from_the_end(three_units, organization):
    last = AuditEvent.objects.filter(chain__organization=organization).order_by("-sequence").first()
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    problem = audit.verify_all()[0]
    assert (problem.kind, problem.sequence) == ("truncated", last.sequence)


def test_audit_search_filters_and_history_page(client, three_units, lpse_head):
    login(client, lpse_head)
    response = client.get("/audit/", {"action": "accounts.unit.created", "target": "Bidang 2"})
    assert response.status_code == 200
    assert [e.target_repr for e in response.context["page"].items] == ["Bidang 2"]
    unit = three_units[2]
    response = client.get(f"/audit/riwayat/accounts.orgunit/{unit.pk}/")
    assert response.status_code == 200
    assert [e.action for e in response.context["page"].items] == ["accounts.unit.created"]


def test_audit_search_htmx_returns_only_the_results_partial(client, three_units, lpse_head):
    login(client, lpse_head)
    response = client.get("/audit/", {"action": "accounts.unit"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="results">')
    assert "<nav" not in body


def test_audit_search_pages_by_keyset_without_counting(client, organization, lpse_head, django_assert_max_num_queries):
    for i in range(60):
        services.unit_create(organization=organization, name=f"Seksi {i:02d}", code=f"S{i}", kind="other", by=lpse_head)
    login(client, lpse_head)
    first = client.get("/audit/", {"action": "accounts.unit.created"})
    assert len(first.context["page"].items) == 50 and first.context["page"].has_next
    with django_assert_max_num_queries(12) as captured:
        second = client.get("/audit/", {"action": "accounts.unit.created", "cursor": first.context["page"].next_cursor})
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
    names = [e.target_repr for e in first.context["page"].items + second.context["page"].items]
    assert len(names) == 60 and len(set(names)) == 60
    assert not second.context["page"].has_next


def test_history_of_another_organisations_object_is_not_found(client, organization, outsider):
    login(client, outsider)
    unit = organization.units.get(code="LPSE")
    assert client.get(f"/audit/riwayat/accounts.orgunit/{unit.pk}/").status_code == 404
    assert client.get("/audit/riwayat/nope.nothing/1/").status_code == 404


# --- issue 13 §4: a rewritten chain --------------------------------------------------------------------------------
def _plain_sha256(event: AuditEvent) -> str:
    """The hash an attacker without the audit key can compute: SHA-256 of the canonical payload, as before the key."""
    canonical = json.dumps(audit._event_payload(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _rewrite_chain(chain: AuditChain, *, from_sequence: int, hasher, target_repr: str | None = None) -> None:
    """The attack of issue 13 §4: drop the triggers, edit one event, recompute every following hash, move the head."""
    if target_repr is not None:
        _tamper(
            "UPDATE core_auditevent SET target_repr = %s WHERE chain_id = %s AND sequence = %s",
            [target_repr, chain.pk, from_sequence],
        )
    else:
        _tamper("SELECT 1")
    previous = AuditEvent.objects.filter(chain=chain, sequence=from_sequence - 1).values_list("hash", flat=True)
    prev_hash = previous[0] if previous else audit.GENESIS
    events = AuditEvent.objects.filter(chain=chain, sequence__gte=from_sequence).select_related("target_type")
    with connection.cursor() as cursor:
        for event in events.order_by("sequence"):
            event.chain = chain
            event.prev_hash = prev_hash
            prev_hash = hasher(event)
            cursor.execute(
                "UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [event.prev_hash, prev_hash, event.pk],
            )
        cursor.execute("UPDATE core_auditchain SET last_hash = %s WHERE id = %s", [prev_hash, chain.pk])


def _problem_of(chain: AuditChain) -> audit.ChainProblem | None:
    return next((p for p in audit.verify_all() if p.chain == chain.key), None)


def test_attacker_without_the_key_who_rewrites_the_chain_is_caught_at_the_edited_event(three_units, organization):
    # given: an attacker with database access but not the audit key (kept outside the database)
    chain = AuditChain.objects.get(organization=organization)
    target = AuditEvent.objects.get(chain=chain, action="accounts.unit.created", target_repr="Bidang 1")
    # when: they edit one event, recompute every following hash with plain SHA-256 and move the head
    _rewrite_chain(chain, from_sequence=target.sequence, hasher=_plain_sha256, target_repr="Bidang palsu")
    # then: the check names the edited event as where the chain was rewritten
    problem = _problem_of(chain)
    assert problem is not None
    assert (problem.kind, problem.sequence, problem.event_id) == ("rewritten", target.sequence, target.pk)
    assert problem.action == "accounts.unit.created" and problem.created_at == target.created_at
    with pytest.raises(CommandError, match="damaged"):
        call_command("audit_verify")


def test_audit_verify_names_the_rewritten_event_with_its_time_and_action(three_units, organization, capsys):
    chain = AuditChain.objects.get(organization=organization)
    target = AuditEvent.objects.get(chain=chain, action="accounts.unit.created", target_repr="Bidang 0")
    _rewrite_chain(chain, from_sequence=target.sequence, hasher=_plain_sha256, target_repr="Bidang palsu")
    with pytest.raises(CommandError):
        call_command("audit_verify")
    err = capsys.readouterr().err
    assert f"event #{target.sequence} (id {target.pk}" in err
    assert "accounts.unit.created" in err and target.created_at.isoformat() in err and "rewritten" in err


def test_attacker_with_the_key_is_caught_by_the_anchor_written_before(three_units, organization, lpse_head):
    # given: yesterday's anchor of the chain's head, outside the database
    chain = AuditChain.objects.get(organization=organization)
    anchored = AuditEvent.objects.filter(chain=chain).order_by("-sequence").first()
    audit_anchors.anchor_chains()
    services.unit_create(organization=organization, name="Bidang baru", code="BB", kind="other", by=lpse_head)
    target = AuditEvent.objects.get(chain=chain, action="accounts.unit.created", target_repr="Bidang 1")
    # when: an attacker who has the key rewrites the chain from one event on (every keyed hash is valid again)
    _rewrite_chain(chain, from_sequence=target.sequence, hasher=audit.compute_hash, target_repr="Bidang palsu")
    # then: the anchored head no longer matches
    problem = _problem_of(chain)
    assert problem is not None
    assert (problem.kind, problem.sequence, problem.event_id) == ("anchor_mismatch", anchored.sequence, anchored.pk)
    assert "anchor" in problem.describe()
    with pytest.raises(CommandError, match="damaged"):
        call_command("audit_verify")


def test_events_cut_below_an_anchor_are_reported_though_the_head_was_moved(three_units, organization):
    chain = AuditChain.objects.get(organization=organization)
    audit_anchors.anchor_chains()
    last = AuditEvent.objects.filter(chain=chain).order_by("-sequence").first()
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditchain SET last_sequence = %s, last_hash = %s WHERE id = %s",
            [last.sequence - 1, last.prev_hash, chain.pk],
        )
    problem = _problem_of(chain)
    assert problem is not None and (problem.kind, problem.sequence) == ("behind_anchor", last.sequence)


def _contents(chain: AuditChain) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(chain=chain)
        .order_by("sequence")
        .values_list("sequence", "action", "target_repr", "changes", "created_at")
    )


def test_events_hashed_before_the_key_are_reported_until_the_operator_rekeys(three_units, organization, lpse_head):
    # given: an installation upgraded from plain SHA-256 hashes (events written before the audit key)
    chain = AuditChain.objects.get(organization=organization)
    _rewrite_chain(chain, from_sequence=1, hasher=_plain_sha256)
    # and a write after the upgrade: keyed, chained to the last plain hash
    services.unit_create(organization=organization, name="Bidang baru", code="BB", kind="other", by=lpse_head)
    chain.refresh_from_db()
    before = _contents(chain)
    problem = _problem_of(chain)
    assert problem is not None and (problem.kind, problem.sequence) == ("unkeyed", chain.last_sequence - 1)
    assert "audit_rekey" in problem.describe()
    # when: the operator reseals once
    call_command("audit_rekey")
    # then: the chain is intact with the key, the content unchanged, the old head recorded, the guard back on
    assert audit.verify_all() == []
    assert _contents(chain)[: len(before)] == before
    rekeyed = AuditEvent.objects.get(chain=chain, action="core.audit_chain.rekeyed")
    assert rekeyed.changes["events"] == len(before)
    assert {a.chain for anchors in audit_anchors.read_by_chain().values() for a in anchors} == {chain.key}
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [rekeyed.pk])


def test_rekey_refuses_a_chain_that_was_anchored_and_leaves_it_as_found(three_units, organization):
    chain = AuditChain.objects.get(organization=organization)
    audit_anchors.anchor_chains()
    _rewrite_chain(chain, from_sequence=1, hasher=_plain_sha256)
    hashes = list(AuditEvent.objects.filter(chain=chain).order_by("sequence").values_list("hash", flat=True))
    assert _problem_of(chain).kind == "rewritten"
    with pytest.raises(CommandError, match="not resealed"):
        call_command("audit_rekey")
    assert list(AuditEvent.objects.filter(chain=chain).order_by("sequence").values_list("hash", flat=True)) == hashes


def test_rekey_refuses_a_legacy_chain_that_was_altered(three_units, organization):
    chain = AuditChain.objects.get(organization=organization)
    _rewrite_chain(chain, from_sequence=1, hasher=_plain_sha256)
    target = AuditEvent.objects.get(chain=chain, target_repr="Bidang 2")
    _tamper("UPDATE core_auditevent SET target_repr = %s WHERE id = %s", ["Bidang palsu", target.pk])
    with pytest.raises(CommandError, match="not resealed"):
        call_command("audit_rekey")
    problem = _problem_of(chain)
    assert (problem.kind, problem.event_id) == ("altered", target.pk)


def test_anchoring_refuses_a_chain_rewritten_since_its_last_anchor(three_units, organization, lpse_head):
    chain = AuditChain.objects.get(organization=organization)
    audit_anchors.anchor_chains()
    services.unit_create(organization=organization, name="Bidang baru", code="BB", kind="other", by=lpse_head)
    target = AuditEvent.objects.get(chain=chain, target_repr="Bidang baru")
    _rewrite_chain(chain, from_sequence=target.sequence, hasher=_plain_sha256, target_repr="Bidang palsu")
    results = {r.chain: r for r in audit_anchors.anchor_chains()}
    assert results[chain.key].anchor is None and results[chain.key].problem.kind == "rewritten"
    assert len(audit_anchors.read_by_chain()[chain.key]) == 1  # the rewritten head was not anchored


def test_a_damaged_anchors_file_fails_the_check(three_units, settings):
    audit_anchors.anchor_chains()
    with audit_anchors.path().open("a") as out:
        out.write("not json\n")
    with pytest.raises(CommandError, match="line"):
        call_command("audit_verify")


def test_operator_anchors_now_and_audit_verify_checks_against_it(three_units, organization, capsys):
    call_command("audit_anchor")
    chain = AuditChain.objects.get(organization=organization)
    assert f'"hash":"{chain.last_hash}"' in capsys.readouterr().out
    call_command("audit_verify")
    assert "checked against anchors" in capsys.readouterr().out
    target = AuditEvent.objects.get(chain=chain, target_repr="Bidang 0")
    _rewrite_chain(chain, from_sequence=target.sequence, hasher=audit.compute_hash, target_repr="Bidang palsu")
    with pytest.raises(CommandError, match="not anchored"):
        call_command("audit_anchor")


def test_a_chain_removed_whole_is_remembered_by_its_anchors(three_units, other_organization, outsider):
    services.unit_create(organization=other_organization, name="Bagian X", code="X", kind="other", by=outsider)
    audit_anchors.anchor_chains()
    chain = AuditChain.objects.get(organization=other_organization)
    _tamper("DELETE FROM core_auditevent WHERE chain_id = %s", [chain.pk])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditchain WHERE id = %s", [chain.pk])
    problem = _problem_of(chain)
    assert problem is not None and (problem.kind, problem.sequence) == ("behind_anchor", chain.last_sequence)
