"""The indicator register (sopan.core.registers): list with filters, create and edit with history, XLSX import and
export, in the columns the office's performance plan (Rencana Kinerja) writes (SOP steps 1–3)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.registers import SEARCH, Column, Filter, Register
from sopan.indicators import policies

INDICATORS = Register(
    model="indicators.Indicator",
    noun="indicator",
    title=_("Performance indicators"),
    fields=("year", "code", "name", "definition", "area", "unit", "better", "baseline", "target",
            "target_q1", "target_q2", "target_q3", "target_q4", "measure"),
    list_columns=("year", "code", "name", "unit", "target", "measure"),
    filters=(Filter("better"), Filter("measure"), Filter("q", kind=SEARCH, fields=("code", "name", "area"))),
    order=("-year", "code", "id"),
    capability_view=policies.VIEW,
    capability_edit=policies.MANAGE,
    columns=(
        Column("year", "Tahun"),
        Column("code", "Kode"),
        Column("name", "Indikator Kinerja"),
        Column("definition", "Definisi/Formula"),
        Column("area", "Area Strategis"),
        Column("unit", "Satuan"),
        Column("better", "Polaritas"),
        Column("baseline", "Baseline"),
        Column("target", "Target Tahunan"),
        Column("target_q1", "Target TW I"),
        Column("target_q2", "Target TW II"),
        Column("target_q3", "Target TW III"),
        Column("target_q4", "Target TW IV"),
        Column("measure", "Dihitung dari"),
    ),
    audit_prefix="indicators.indicator",
    item_label=_("Indicator"),
)  # fmt: skip
