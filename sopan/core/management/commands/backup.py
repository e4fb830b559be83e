"""Back up the embedded tier while it runs (docs/operations.md, "Backups"): the SQLite database through the online
backup API, then the media folder, the key files and the audit anchors, into one new folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sopan.core import backup


class Command(BaseCommand):
    help = "Back up the SQLite database (online), media, key files and audit anchors into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="a folder that does not exist yet")

    def handle(self, *args, destination: Path, **options):
        if connection.vendor != "sqlite":
            raise CommandError("this installation runs on PostgreSQL: back it up with pg_dump (docs/operations.md)")
        if destination.exists():
            raise CommandError(f"{destination} exists: a backup goes into a new folder")
        backup.backup_installation(
            database=Path(settings.DATABASES["default"]["NAME"]),
            media=Path(settings.MEDIA_ROOT),
            var_dir=Path(settings.VAR_DIR),
            anchors=Path(settings.AUDIT_ANCHOR_DIR),
            destination=destination,
        )
        missing = [name for name in backup.KEY_FILES if not (destination / name).exists()]
        if missing:
            # Keys passed in the environment are not files: without them the backup cannot be verified or used.
            self.stderr.write(f"keys not in {settings.VAR_DIR} ({', '.join(missing)}): keep them with this backup")
        self.stdout.write(self.style.SUCCESS(f"backup written to {destination}"))
