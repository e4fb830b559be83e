"""The risk register, declared (what sopan/risks will write in its own package)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.registers import DATES, SEARCH, Column, Filter, Register

RISKS = Register(
    model="registers_app.Risk",
    noun="risk",
    title=_("Risk register"),
    fields=("title", "category", "level", "owner", "due_on"),
    list_columns=("title", "category", "level", "owner", "due_on"),
    filters=(
        Filter("category"),
        Filter("q", kind=SEARCH, fields=("title", "owner")),
        Filter("due_on", kind=DATES),
    ),
    order=("due_on", "id"),
    capability_view="registers_app.view_risk",
    capability_edit="registers_app.manage_risk",
    columns=(
        Column("title", "Judul Risiko"),
        Column("category", "Kategori"),
        Column("level", "Tingkat"),
        Column("owner", "Pemilik Risiko"),
        Column("due_on", "Tenggat"),
    ),
    audit_prefix="registers_app.risk",
)
