"""The procedures Sopan runs, and the SOP steps each needs.

An organisation binds one of its effective SOPs to a procedure (`ProcedureBinding`); the domain module then records
its transitions on the SOP's steps by *key*. A procedure lists the step keys its module refers to, so an SOP that
lacks one cannot be bound (nor used), and the refusal names the missing keys. An organisation may renumber, reword or
extend the SOP freely as long as those keys remain.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Procedure:
    code: str
    label: Promise
    required_steps: frozenset[str] = frozenset()
    # The catalogue SOP that serves it as transcribed from the seeds (for the demo and as a suggestion).
    reference_sop: str = ""


CATALOGUE: tuple[Procedure, ...] = (
    Procedure(
        "vendor_registration",
        _("Vendor registration and verification"),
        frozenset({"terima-berkas", "verifikasi-berkas", "minta-kelengkapan", "setujui", "arsipkan"}),
        "rekrutmen-registrasi-penyedia",
    ),
    Procedure(
        "telephone_helpdesk",
        _("Telephone helpdesk"),
        frozenset(
            {
                "terima-telepon",
                "catat-identitas-masalah",
                "dapat-dijawab",
                "beri-solusi",
                "arsipkan-formulir",
                "beri-nomor-tiket",
            }
        ),
        "penanganan-permasalahan-telepon",
    ),
    Procedure(
        "service_supplier_management", _("Service supplier management"), reference_sop="pengelolaan-pendukung-layanan"
    ),
    Procedure(
        "service_supplier_monitoring",
        _("Service supplier performance monitoring"),
        reference_sop="pemantauan-kinerja-pendukung-layanan",
    ),
    Procedure("procurement_proposal", _("Procurement proposal of the LPSE"), reference_sop="usulan-pengadaan"),
    Procedure("procurement_planning", _("Procurement planning"), reference_sop="perencanaan-pengadaan"),
    Procedure("procurement_preparation", _("Procurement preparation"), reference_sop="persiapan-pengadaan"),
    Procedure(
        "selection_preparation", _("Preparation of vendor selection"), reference_sop="persiapan-pemilihan-penyedia"
    ),
    Procedure("vendor_performance", _("Vendor performance records"), reference_sop="pencatatan-kinerja-penyedia"),
    Procedure("vendor_coaching", _("Vendor coaching"), reference_sop="pembinaan-pelaku-usaha"),
    Procedure("risk_management", _("Procurement risk management"), reference_sop="pengelolaan-risiko"),
    Procedure("unit_performance", _("Unit performance management"), reference_sop="pengelolaan-kinerja"),
)

PROCEDURES: dict[str, Procedure] = {p.code: p for p in CATALOGUE}
CHOICES = [(p.code, p.label) for p in CATALOGUE]


def get(code: str) -> Procedure:
    return PROCEDURES[code]


def missing_steps(code: str, step_keys) -> list[str]:
    """The step keys the procedure needs that the SOP lacks, sorted."""
    return sorted(get(code).required_steps - set(step_keys))
