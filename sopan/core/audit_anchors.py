"""Anchors of the audit chains' heads, kept outside the database (issue 13 §4).

Once a day each chain's head (chain key, sequence, hash, time) is appended as one JSON line to
`AUDIT_ANCHOR_DIR/anchors.jsonl`, a folder the backups keep, and mailed to the auditors (`accounts.tasks`). Someone
who holds the audit key and can write the database can recompute a keyed chain; they cannot change what was written
to this file yesterday or what sits in the auditors' mailboxes, so `audit_verify` compares the chain with the anchors.

The file is only ever appended to. With several hosts, AUDIT_ANCHOR_DIR must be a folder they share (or the one host
that runs the worker), or `audit_verify` on another host sees no anchors (docs/operations.md).
"""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from sopan.core import audit
from sopan.core.models import AuditChain, AuditEvent

logger = logging.getLogger(__name__)

ANCHOR_FILE = "anchors.jsonl"


class AnchorFileError(ValueError):
    """The anchors file cannot be read: a check that silently ignored it would vouch for nothing."""


@dataclass(frozen=True)
class Anchor:
    chain: str
    organization: int | None
    sequence: int
    hash: str
    anchored_at: str  # ISO 8601, UTC

    def describe(self) -> str:
        return f"of {self.anchored_at} (#{self.sequence}, {self.hash})"

    def as_line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class AnchorResult:
    """One chain's outcome: the anchor written, or the problem that kept it from being anchored."""

    chain: str
    organization_id: int | None
    anchor: Anchor | None
    problem: audit.ChainProblem | None


def path() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR) / ANCHOR_FILE


def read_by_chain() -> dict[str, list[Anchor]]:
    """Every anchor written so far, by chain key, in the order written."""
    file = path()
    if not file.exists():
        return {}
    anchors: dict[str, list[Anchor]] = defaultdict(list)
    with file.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                anchor = Anchor(
                    chain=str(data["chain"]),
                    organization=data["organization"],
                    sequence=int(data["sequence"]),
                    hash=str(data["hash"]),
                    anchored_at=str(data["anchored_at"]),
                )
            except (ValueError, KeyError, TypeError) as error:
                raise AnchorFileError(f"{file}, line {number}: not an anchor ({error})") from error
            anchors[anchor.chain].append(anchor)
    return dict(anchors)


def _append(anchors: list[Anchor]) -> None:
    if not anchors:
        return
    file = path()
    file.parent.mkdir(parents=True, exist_ok=True)
    # Append mode: a line is added, never one rewritten; fsync so an anchor mailed out is also on disk.
    with file.open("a", encoding="utf-8") as out:
        out.write("".join(anchor.as_line() + "\n" for anchor in anchors))
        out.flush()
        os.fsync(out.fileno())


def _check_since_last_anchor(chain: AuditChain, last: Anchor | None) -> audit.ChainProblem | None:
    """Vouch for the stretch written since the chain's last anchor (the whole chain at the first anchoring): anchoring
    a rewritten head would bless the rewrite. The stretch before was checked when it was anchored."""
    if last is None:
        return audit.verify_chain(chain)
    event = AuditEvent.objects.filter(chain=chain, sequence=last.sequence).first()
    if event is None:
        return audit.ChainProblem(chain.key, last.sequence, None, "behind_anchor", detail=last.describe())
    if event.hash != last.hash:
        return audit.ChainProblem(
            chain.key, event.sequence, event.pk, "anchor_mismatch", event.created_at, event.action, last.describe()
        )
    return audit.verify_chain(chain, start=last.sequence + 1, prev_hash=last.hash)


def anchor_chains(*, keys: list[str] | None = None, now: datetime | None = None) -> list[AnchorResult]:
    """Append the current head of every chain (or of `keys`) to the anchors file, after checking what is new."""
    now = now or timezone.now()
    existing = read_by_chain()
    chains = AuditChain.objects.filter(last_sequence__gt=0).order_by("key")
    if keys is not None:
        chains = chains.filter(key__in=keys)
    results, written = [], []
    for chain in chains:
        previous = existing.get(chain.key, [])
        last = max(previous, key=lambda anchor: anchor.sequence) if previous else None
        problem = _check_since_last_anchor(chain, last)
        if problem is not None:
            logger.error("audit chain not anchored: %s", problem.describe())
            results.append(AnchorResult(chain.key, chain.organization_id, None, problem))
            continue
        anchor = Anchor(
            chain=chain.key,
            organization=chain.organization_id,
            sequence=chain.last_sequence,
            hash=chain.last_hash,
            anchored_at=now.astimezone(UTC).isoformat(),
        )
        written.append(anchor)
        results.append(AnchorResult(chain.key, chain.organization_id, anchor, None))
    _append(written)
    return results
