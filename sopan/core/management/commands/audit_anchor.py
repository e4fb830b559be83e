"""Anchor the audit chains' heads now (issue 13 §4): what the daily task `accounts.tasks.anchor_audit_trail` does,
without the mail. For the operator before a backup or after `audit_rekey`, and for the restore drill."""

from django.core.management.base import BaseCommand, CommandError

from sopan.core import audit_anchors


class Command(BaseCommand):
    help = "Append every audit chain's current head to the anchors file (AUDIT_ANCHOR_DIR), after checking it."

    def handle(self, *args, **options):
        results = audit_anchors.anchor_chains()
        for result in results:
            if result.anchor:
                self.stdout.write(result.anchor.as_line())
            else:
                self.stderr.write(self.style.ERROR(f"not anchored: {result.problem.describe()}"))
        failed = sum(1 for result in results if result.anchor is None)
        if failed:
            raise CommandError(f"{failed} chains not anchored: their check failed (run audit_verify)")
        self.stdout.write(self.style.SUCCESS(f"{len(results)} chains anchored in {audit_anchors.path()}"))
