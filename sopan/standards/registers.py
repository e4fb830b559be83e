"""The standards' registers, declared on sopan.core.registers: list, filters, create and edit with their field
history, XLSX import and export. Seen with `standards.view`, kept with `standards.manage_registers`."""

from django.utils.translation import gettext_lazy as _

from sopan.core.registers import DATES, SEARCH, Column, Filter, Register
from sopan.standards.policies import MANAGE_REGISTERS, VIEW

ASSETS = Register(
    model="standards.Asset",
    noun="asset",
    title=_("Asset register"),
    fields=("name", "kind", "location", "owner", "confidentiality", "integrity", "availability", "notes"),
    list_columns=("name", "kind", "owner", "confidentiality", "integrity", "availability"),
    filters=(
        Filter("kind"),
        Filter("confidentiality"),
        Filter("availability"),
        Filter("q", kind=SEARCH, fields=("name", "owner", "location")),
    ),
    order=("name", "id"),
    capability_view=VIEW,
    capability_edit=MANAGE_REGISTERS,
    columns=(
        Column("name", "Nama Aset"),
        Column("kind", "Jenis"),
        Column("location", "Lokasi"),
        Column("owner", "Pemilik"),
        Column("confidentiality", "Kerahasiaan"),
        Column("integrity", "Integritas"),
        Column("availability", "Ketersediaan"),
        Column("notes", "Catatan"),
    ),
    audit_prefix="standards.asset",
)

CAPACITY = Register(
    model="standards.CapacityReading",
    noun="capacity",
    title=_("Capacity readings"),
    fields=("resource", "measured_on", "value", "threshold", "unit", "notes"),
    list_columns=("measured_on", "resource", "value", "threshold", "unit", "over_threshold"),
    filters=(
        Filter("over_threshold"),
        Filter("q", kind=SEARCH, fields=("resource",)),
        Filter("measured_on", kind=DATES),
    ),
    order=("-measured_on", "-id"),
    capability_view=VIEW,
    capability_edit=MANAGE_REGISTERS,
    columns=(
        Column("resource", "Sumber Daya"),
        Column("measured_on", "Tanggal Pengukuran"),
        Column("value", "Nilai"),
        Column("threshold", "Ambang Batas"),
        Column("unit", "Satuan"),
        Column("notes", "Catatan"),
    ),
    audit_prefix="standards.capacity",
)

CONTINUITY_PLANS = Register(
    model="standards.ContinuityPlan",
    noun="plan",
    title=_("Continuity plans"),
    fields=("title", "document_number", "approved_on", "review_on", "scope"),
    list_columns=("title", "document_number", "approved_on", "review_on"),
    order=("-approved_on", "-id"),
    capability_view=VIEW,
    capability_edit=MANAGE_REGISTERS,
    audit_prefix="standards.plan",
)

CONTINUITY_EXERCISES = Register(
    model="standards.ContinuityExercise",
    noun="exercise",
    title=_("Continuity exercises"),
    fields=("held_on", "scenario", "result", "findings"),
    list_columns=("held_on", "scenario", "result"),
    filters=(Filter("result"), Filter("held_on", kind=DATES)),
    order=("-held_on", "-id"),
    capability_view=VIEW,
    capability_edit=MANAGE_REGISTERS,
    columns=(
        Column("held_on", "Tanggal"),
        Column("scenario", "Skenario"),
        Column("result", "Hasil"),
        Column("findings", "Temuan dan Tindak Lanjut"),
    ),
    audit_prefix="standards.exercise",
)

REGISTERS = (ASSETS, CAPACITY, CONTINUITY_PLANS, CONTINUITY_EXERCISES)
