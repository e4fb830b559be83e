"""The audit trail: every service writes one event in the same transaction as its change (STYLE.md, "Audit").

Events are hash-chained per organisation: each event's hash covers its own content and the previous event's hash, so
altering, inserting or deleting any event breaks the chain from that point on; `manage.py audit_verify` finds it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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


def compute_hash(event: AuditEvent) -> str:
    canonical = json.dumps(_event_payload(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
    kind: str  # "altered", "missing", "truncated"

    def describe(self) -> str:
        if self.kind == "missing":
            return f"chain {self.chain}: event #{self.sequence} is missing"
        if self.kind == "truncated":
            return f"chain {self.chain}: events from #{self.sequence} on are missing (the chain head says more)"
        return f"chain {self.chain}: event #{self.sequence} (id {self.event_id}) was altered"


def verify_chain(chain: AuditChain) -> ChainProblem | None:
    """The first problem of one chain, or None when it is intact."""
    expected_sequence, prev_hash = 1, GENESIS
    events: Iterator[AuditEvent] = (
        AuditEvent.objects.filter(chain=chain).select_related("target_type").order_by("sequence").iterator(2000)
    )
    for event in events:
        event.chain = chain
        if event.sequence != expected_sequence:
            return ChainProblem(chain.key, expected_sequence, None, "missing")
        if event.prev_hash != prev_hash or compute_hash(event) != event.hash:
            return ChainProblem(chain.key, event.sequence, event.pk, "altered")
        prev_hash = event.hash
        expected_sequence += 1
    if expected_sequence - 1 != chain.last_sequence or (chain.last_sequence and prev_hash != chain.last_hash):
        return ChainProblem(chain.key, expected_sequence, None, "truncated")
    return None


def verify_all() -> list[ChainProblem]:
    return [problem for chain in AuditChain.objects.order_by("key") if (problem := verify_chain(chain))]
