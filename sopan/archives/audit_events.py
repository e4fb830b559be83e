"""The names of the backups-and-archives module's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact

EVENTS = {
    "archives.backup.recorded": _("SPSE backup logged"),
    "archives.restore_test.recorded": _("Restore test recorded"),
    "archives.restore_drill.recorded": _("Sopan restore drill recorded"),
    "archives.backup_settings.updated": _("Backup interval changed"),
    "archives.retention_rule.created": _("Retention rule added"),
    "archives.retention_rule.updated": _("Retention rule changed"),
    "archives.retention_rule.imported": _("Retention rule imported"),
    "archives.disposition.recorded": _("Archive disposition decided"),
}

FACTS = {
    "archives.backup.recorded:taken_at": Fact(field="archives.Backup.taken_at"),
    "archives.backup.recorded:location": Fact(field="archives.Backup.location"),
    "archives.backup.recorded:checksum": Fact(_("SHA-256"), kind="hash"),
    "archives.restore_test.recorded:result": Fact(field="archives.RestoreTest.result"),
    "archives.restore_test.recorded:duration_seconds": Fact(field="archives.RestoreTest.duration_seconds"),
    "archives.restore_test.recorded:evidence_sha256": Fact(_("SHA-256 of the evidence"), kind="hash"),
    "archives.restore_drill.recorded:result": Fact(field="archives.RestoreTest.result"),
    "archives.restore_drill.recorded:duration_seconds": Fact(field="archives.RestoreTest.duration_seconds"),
    "archives.backup_settings.updated:*": Fact(of="archives.BackupSettings"),
    "archives.retention_rule.created:*": Fact(of="archives.RetentionRule"),
    "archives.retention_rule.updated:*": Fact(of="archives.RetentionRule"),
    "archives.retention_rule.imported:*": Fact(of="archives.RetentionRule"),
    "archives.disposition.recorded:number": Fact(field="archives.Disposition.number"),
    "archives.disposition.recorded:kind": Fact(field="archives.Disposition.kind"),
    "archives.disposition.recorded:action": Fact(field="archives.Disposition.action"),
    "archives.disposition.recorded:count": Fact(field="archives.Disposition.item_count"),
    "archives.disposition.recorded:cutoff": Fact(field="archives.Disposition.cutoff"),
}
