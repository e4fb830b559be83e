"""The retention rules, a declared register (sopan.core.registers): listed with filters, created and edited with
their history, imported from and exported to XLSX. A rule with fewer than one year of retention is refused by the
model's validator (models.RetentionRule), so by the form, the import and the edit alike."""

from django.utils.translation import gettext_lazy as _

from sopan.archives import policies
from sopan.core.registers import Column, Filter, Register

RETENTION_RULES = Register(
    model="archives.RetentionRule",
    noun="rule",
    title=_("Retention rules"),
    fields=("kind", "retention_years", "disposition", "legal_source", "valid_from", "notes"),
    list_columns=("kind", "retention_years", "disposition", "legal_source", "valid_from"),
    filters=(Filter("kind"), Filter("disposition")),
    order=("kind", "-valid_from", "-id"),
    capability_view=policies.VIEW,
    capability_edit=policies.MANAGE_ARCHIVES,
    columns=(
        Column("kind", "Jenis Arsip"),
        Column("retention_years", "Retensi (tahun)"),
        Column("disposition", "Keterangan"),
        Column("legal_source", "Dasar Hukum"),
        Column("valid_from", "Berlaku Sejak"),
        Column("notes", "Catatan"),
    ),
    audit_prefix="archives.retention_rule",
)
