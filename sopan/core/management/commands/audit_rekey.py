"""One-off upgrade step (issue 13 §4): reseal audit events hashed before the audit key existed.

Run once after upgrading to keyed hashing and before the first daily anchor (docs/operations.md). Refuses a damaged or
already-anchored chain.
"""

from django.core.management.base import BaseCommand, CommandError

from sopan.core import audit, audit_anchors
from sopan.core.models import AuditChain


class Command(BaseCommand):
    help = "Reseal audit events hashed with plain SHA-256 (before the audit key) with the key; once, after upgrading."

    def handle(self, *args, **options):
        anchors = audit_anchors.read_by_chain()
        refused, resealed = [], []
        for key in AuditChain.objects.order_by("key").values_list("key", flat=True):
            try:
                count = audit.rekey_chain(key, anchored=bool(anchors.get(key)))
            except audit.RekeyRefused as error:
                refused.append(str(error))
                continue
            if count:
                resealed.append(key)
                self.stdout.write(f"chain {key}: {count} events resealed with the audit key")
        if resealed:
            # The new heads go outside the database at once, rather than at the next daily anchoring.
            audit_anchors.anchor_chains(keys=resealed)
        for message in refused:
            self.stderr.write(self.style.ERROR(f"not resealed: {message}"))
        if refused:
            raise CommandError(f"{len(refused)} chains not resealed; run audit_verify and investigate them first")
        self.stdout.write(self.style.SUCCESS(f"audit chains keyed: {len(resealed)} resealed now"))
