"""`manage.py record_restore_drill --organization SLUG --result passed --duration 31 --details "..."`: record a run of
Sopan's own restore drill (`make restore-drill`, docs/operations.md) as a restore test of kind "sopan" (Perwali
Salatiga 41/2024 annex 2.6.5 a), shown on /standar-lpse/cadangan/ and as evidence of the standard "continuity".
scripts/restore_drill.py calls it at its end on the restored installation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sopan.accounts.models import Organization
from sopan.archives.models import RestoreTest
from sopan.archives.services_backups import restore_drill_record


class Command(BaseCommand):
    help = "Record a run of the restore drill (make restore-drill) as a restore test of kind 'sopan'."

    def add_arguments(self, parser):
        parser.add_argument("--organization", required=True, help="the organisation's short name (slug)")
        parser.add_argument("--result", required=True, choices=RestoreTest.Result.values)
        parser.add_argument("--duration", required=True, type=int, help="seconds the drill took")
        parser.add_argument("--details", default="", help="what the drill proved, or what failed")

    def handle(self, *args, organization, result, duration, details, **options):
        found = Organization.objects.filter(slug=organization).first()
        if found is None:
            raise CommandError(f"no organisation with the short name {organization!r}")
        try:
            test = restore_drill_record(organization=found, result=result, duration_seconds=duration, details=details)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"restore drill recorded for {found.slug}: {test.result} in {test.duration_seconds} s")
