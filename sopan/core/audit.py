"""The audit trail: every service writes one event in the same transaction as its change (STYLE.md, "Audit").

Events are hash-chained per organisation: each event's hash covers its own content and the previous event's hash, so
altering, inserting or deleting any event breaks the chain from that point on; `manage.py audit_verify` finds it.

The hash is an HMAC-SHA256 with `settings.AUDIT_KEY`, which lives outside the database (issue 13 §4): with plain
SHA-256, anyone able to write the database could edit an event and recompute every following hash. Someone who also
holds the key could still do that, so the heads are anchored daily outside the database (`audit_anchors`) and the
check compares the chain with those anchors too.

Events written before the key existed carry plain SHA-256 hashes. They are accepted only as the unbroken start of a
chain that was never anchored, and reported until the operator reseals them once with `manage.py audit_rekey`
(docs/operations.md); a plain hash after a keyed one, or in an anchored chain, is what a rewrite without the key
looks like.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from sopan.core import request_context
from sopan.core.models import AuditChain, AuditEvent

GENESIS = "0" * 64
PLATFORM_CHAIN = "platform"
_UNSET = object()


def _chain_key(organization_id: int | None) -> str:
    return f"org:{organization_id}" if organization_id else PLATFORM_CHAIN


def _normalise(value: Any) -> Any:
    """The JSON form of a value exactly as it will be read back from the database, so the hash can be recomputed."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def _event_payload(event: AuditEvent) -> dict[str, Any]:
    return {
        "chain": event.chain.key,
        "sequence": event.sequence,
        "organization": event.organization_id,
        "created_at": event.created_at.isoformat(),
        "actor": event.actor_id,
        "actor_repr": event.actor_repr,
        "action": event.action,
        "target_type": f"{event.target_type.app_label}.{event.target_type.model}" if event.target_type_id else "",
        "target_id": event.target_id,
        "target_repr": event.target_repr,
        "changes": event.changes,
        "ip_address": event.ip_address,
        "request_id": event.request_id,
        "prev_hash": event.prev_hash,
    }


def _canonical(event: AuditEvent) -> bytes:
    return json.dumps(_event_payload(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def compute_hash(event: AuditEvent) -> str:
    """The event's keyed hash: HMAC-SHA256 of its canonical payload (which includes the previous hash)."""
    return hmac.new(settings.AUDIT_KEY.encode("utf-8"), _canonical(event), hashlib.sha256).hexdigest()


def legacy_hash(event: AuditEvent) -> str:
    """The plain SHA-256 that events carried before the audit key (recognised only to tell the operator to rekey)."""
    return hashlib.sha256(_canonical(event)).hexdigest()


def _organization_id_of(target: models.Model | None) -> int | None:
    if target is None:
        return None
    if target._meta.label == "accounts.Organization":
        return target.pk
    return getattr(target, "organization_id", None)


def record(
    *,
    action: str,
    by,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    organization_id: int | object | None = _UNSET,
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction, so the event commits or rolls back with the change.

    `action` follows `<app>.<noun>.<past-verb>`; `changes` maps a field to `[old, new]` (or carries other facts).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the service's transaction.")
    if organization_id is _UNSET:
        organization_id = _organization_id_of(target)
        if organization_id is None and by is not None and getattr(by, "is_authenticated", False):
            organization_id = by.organization_id
    key = _chain_key(organization_id)
    # The chain's head, locked until the caller's commit: one query once the chain exists (it is made once per chain)
    chain = AuditChain.objects.select_for_update().filter(key=key).first()
    if chain is None:
        chain, _created = AuditChain.objects.get_or_create(key=key, defaults={"organization_id": organization_id})
        chain = AuditChain.objects.select_for_update().get(pk=chain.pk)
    meta = request_context.current()
    actor = by if (by is not None and getattr(by, "is_authenticated", False)) else None
    event = AuditEvent(
        chain=chain,
        sequence=chain.last_sequence + 1,
        organization_id=organization_id,
        created_at=timezone.now(),
        actor=actor,
        actor_repr=(actor.get_username() if actor else "")[:200],
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        changes=_normalise(changes or {}),
        ip_address=meta.ip_address,
        request_id=meta.request_id,
        prev_hash=chain.last_hash or GENESIS,
    )
    event.hash = compute_hash(event)
    event.save()
    AuditChain.objects.filter(pk=chain.pk).update(last_sequence=event.sequence, last_hash=event.hash)
    return event


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as `{field: [old, new]}`."""
    return {field: [before.get(field), after[field]] for field in after if before.get(field) != after[field]}


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` on `instance` (foreign keys by id), for `changes_between`."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = getattr(instance, field.attname)
        if isinstance(values[name], models.fields.files.FieldFile):
            values[name] = values[name].name or ""
    return _normalise(values)


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    sequence: int
    event_id: int | None
    # "altered", "missing", "truncated" (events cut from the end), "rewritten" (hashed without the key after keyed
    # events), "unkeyed" (events from before the key: run audit_rekey), "anchor_mismatch" (an anchored head no longer
    # matches: rewritten by someone holding the key), "behind_anchor" (the chain ends before an anchored sequence)
    kind: str
    created_at: datetime | None = None
    action: str = ""
    detail: str = ""

    def _event(self) -> str:
        if self.event_id is None:
            return f"event #{self.sequence}"
        when = self.created_at.isoformat() if self.created_at else "?"
        return f"event #{self.sequence} (id {self.event_id}, {when}, {self.action})"

    def describe(self) -> str:
        prefix = f"chain {self.chain}: "
        if self.kind == "missing":
            return prefix + f"event #{self.sequence} is missing"
        if self.kind == "truncated":
            return prefix + f"events from #{self.sequence} on are missing (the chain head says more)"
        if self.kind == "rewritten":
            return prefix + (
                f"rewritten from {self._event()} on: it and what follows are hashed without the audit key "
                "after keyed events, so they were recomputed by someone who lacks the key"
            )
        if self.kind == "unkeyed":
            return prefix + (
                f"events #1 to #{self.sequence} were hashed before the audit key existed; "
                "reseal them once with `manage.py audit_rekey` (docs/operations.md)"
            )
        if self.kind == "anchor_mismatch":
            return prefix + f"{self._event()} no longer matches the anchor {self.detail}: the chain was rewritten"
        if self.kind == "behind_anchor":
            return prefix + (
                f"event #{self.sequence} was anchored {self.detail} but the chain now ends before it: "
                "events were removed (or the database was restored from an older backup)"
            )
        return prefix + f"{self._event()} was altered"


def _problem(chain: AuditChain, event: AuditEvent, kind: str, detail: str = "") -> ChainProblem:
    return ChainProblem(chain.key, event.sequence, event.pk, kind, event.created_at, event.action, detail)


def verify_chain(
    chain: AuditChain, anchors: Iterable[Any] = (), *, start: int = 1, prev_hash: str = GENESIS
) -> ChainProblem | None:
    """The first problem of one chain, or None when it is intact.

    `anchors` (audit_anchors.Anchor, any order) are the chain's heads as recorded outside the database. `start` and
    `prev_hash` check only the part of the chain after an event already known to be sound (the daily anchoring).
    """
    by_sequence = {anchor.sequence: anchor for anchor in anchors}
    expected_sequence = start
    keyed_seen = start > 1  # a partial check starts after a keyed, anchored event
    legacy_until = 0
    anchor_problem: ChainProblem | None = None
    last_matching_anchor = start - 1
    # Only up to the head as read: events appended while the check runs are not yet part of what it vouches for.
    events: Iterator[AuditEvent] = (
        AuditEvent.objects.filter(chain=chain, sequence__gte=start, sequence__lte=chain.last_sequence)
        .select_related("target_type")
        .order_by("sequence")
        .iterator(2000)
    )
    for event in events:
        event.chain = chain
        if event.sequence != expected_sequence:
            return ChainProblem(chain.key, expected_sequence, None, "missing")
        if event.prev_hash != prev_hash:
            return _problem(chain, event, "altered")
        if not hmac.compare_digest(compute_hash(event), event.hash):
            if legacy_hash(event) != event.hash:
                return _problem(chain, event, "altered")
            if keyed_seen or by_sequence:
                return _problem(chain, event, "rewritten")
            legacy_until = event.sequence
        else:
            keyed_seen = True
        anchor = by_sequence.get(event.sequence)
        if anchor is not None and anchor_problem is None:
            if anchor.hash == event.hash:
                last_matching_anchor = event.sequence
            else:
                # Every keyed hash is valid, so whoever rewrote held the key; which event they changed cannot be told
                # from hashes alone, only the stretch since the last anchor that still matches.
                stretch = f"#{last_matching_anchor + 1} to #{event.sequence}"
                changed = f"{anchor.describe()}; the change lies in events {stretch}"
                anchor_problem = _problem(chain, event, "anchor_mismatch", changed)
        prev_hash = event.hash
        expected_sequence += 1
    last_seen = expected_sequence - 1
    return _head_problem(chain, last_seen, prev_hash) or _end_problem(
        chain, by_sequence, last_seen, anchor_problem, legacy_until
    )


def _head_problem(chain: AuditChain, last_seen: int, prev_hash: str) -> ChainProblem | None:
    """The walk did not end at the chain's head, or events lie past it."""
    if last_seen != chain.last_sequence or (chain.last_sequence and prev_hash != chain.last_hash):
        return ChainProblem(chain.key, last_seen + 1, None, "truncated")
    # Events past the head as it is now (read again: the chain may have grown meanwhile) were slipped in around it.
    head = AuditChain.objects.filter(pk=chain.pk).values_list("last_sequence", flat=True).first() or 0
    beyond_head = AuditEvent.objects.filter(chain=chain, sequence__gt=max(head, last_seen)).order_by("sequence")
    if (stray := beyond_head.first()) is not None:
        return _problem(chain, stray, "altered", "after the chain's head")
    return None


def _end_problem(
    chain: AuditChain,
    by_sequence: dict[int, Any],
    last_seen: int,
    anchor_problem: ChainProblem | None,
    legacy_until: int,
) -> ChainProblem | None:
    """What an intact walk still reports: an anchor that differs, anchors past the head, unkeyed events."""
    if anchor_problem is not None:
        return anchor_problem
    beyond = [anchor for anchor in by_sequence.values() if anchor.sequence > last_seen]
    if beyond:
        first = min(beyond, key=lambda anchor: anchor.sequence)
        return ChainProblem(chain.key, first.sequence, None, "behind_anchor", detail=first.describe())
    if legacy_until:
        return ChainProblem(chain.key, legacy_until, None, "unkeyed")
    return None


def verify_all() -> list[ChainProblem]:
    """Every chain checked with the key and against its anchors outside the database."""
    from sopan.core import audit_anchors  # here, not at the top: audit_anchors builds on this module

    anchors = audit_anchors.read_by_chain()
    chains = list(AuditChain.objects.order_by("key"))
    problems = [problem for chain in chains if (problem := verify_chain(chain, anchors.get(chain.key, ())))]
    # A chain removed whole, head and all, leaves nothing in the database to disagree: only its anchors remember it.
    present = {chain.key for chain in chains}
    for key in sorted(anchors.keys() - present):
        last = max(anchors[key], key=lambda anchor: anchor.sequence)
        problems.append(ChainProblem(key, last.sequence, None, "behind_anchor", detail=last.describe()))
    return problems


class RekeyRefused(Exception):
    """The chain cannot be resealed: it is damaged, or already anchored (resealing would then hide a rewrite)."""


REKEY_BATCH = 1000


def rekey_chain(chain_key: str, *, anchored: bool) -> int:
    """Reseal a chain whose events were hashed before the audit key existed (plain SHA-256): recompute every event's
    hash with the key, chained as before, and record the old head in the trail. Returns how many events were resealed
    (0 when the chain is keyed already).

    One-off upgrade step run by the operator (`manage.py audit_rekey`). Only a sound, never-anchored chain is
    resealed: the plain chain is verified first, and a chain with anchors was keyed when anchored, so plain hashes in
    it are a rewrite, not history. The content of the events does not change, only their seals. The append-only guard
    is lifted and put back inside the same transaction, so no other change can slip in while it is off.
    """
    from sopan.core import audit_guard  # the triggers; only this upgrade step lifts them outside the tests

    if anchored:
        raise RekeyRefused(f"chain {chain_key} has anchors: it was keyed, so its plain hashes are a rewrite")
    with transaction.atomic():
        chain = AuditChain.objects.select_for_update().get(key=chain_key)
        problem = verify_chain(chain)
        if problem is None:
            return 0
        if problem.kind != "unkeyed":
            raise RekeyRefused(problem.describe())
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks pending in this transaction would forbid changing the table's triggers.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        audit_guard.remove(connection)
        legacy_head, prev_hash, count, batch = chain.last_hash, GENESIS, 0, []
        events = AuditEvent.objects.filter(chain=chain).select_related("target_type").order_by("sequence")
        for event in events.iterator(REKEY_BATCH):
            event.chain = chain
            event.prev_hash = prev_hash
            event.hash = prev_hash = compute_hash(event)
            batch.append(event)
            if len(batch) == REKEY_BATCH:
                AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
                count, batch = count + len(batch), []
        AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
        count += len(batch)
        AuditChain.objects.filter(pk=chain.pk).update(last_hash=prev_hash)
        audit_guard.install(connection)
        record(
            action="core.audit_chain.rekeyed",
            by=None,
            organization_id=chain.organization_id,
            changes={"events": count, "legacy_head": [chain.last_sequence, legacy_head]},
        )
    return count
