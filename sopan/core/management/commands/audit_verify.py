from django.core.management.base import BaseCommand, CommandError

from sopan.core import audit
from sopan.core.models import AuditChain, AuditEvent


class Command(BaseCommand):
    help = "Check the hash chains of the audit trail; report the first altered, inserted or missing event per chain."

    def handle(self, *args, **options):
        problems = audit.verify_all()
        chains = AuditChain.objects.count()
        events = AuditEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(self.style.ERROR(problem.describe()))
            raise CommandError(f"audit trail damaged: {len(problems)} of {chains} chains ({events} events)")
        self.stdout.write(self.style.SUCCESS(f"audit trail intact: {chains} chains, {events} events"))
