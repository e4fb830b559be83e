from django.core.management.base import BaseCommand, CommandError

from sopan.core import audit, audit_anchors
from sopan.core.models import AuditChain, AuditEvent


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chains with the audit key and against the anchors kept outside the database; "
        "report the first altered, rewritten, inserted or missing event per chain."
    )

    def handle(self, *args, **options):
        try:
            problems = audit.verify_all()
            anchors = audit_anchors.read_by_chain()
        except audit_anchors.AnchorFileError as error:
            raise CommandError(f"anchors file damaged: {error}") from error
        chains = AuditChain.objects.count()
        events = AuditEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(self.style.ERROR(problem.describe()))
            raise CommandError(f"audit trail damaged: {len(problems)} of {chains} chains ({events} events)")
        anchored = sum(1 for key in AuditChain.objects.values_list("key", flat=True) if anchors.get(key))
        self.stdout.write(
            self.style.SUCCESS(
                f"audit trail intact: {chains} chains, {events} events; {anchored} chains checked against anchors "
                f"in {audit_anchors.path()}"
            )
        )
