"""What procurement brings to the platform (sopan.core.modules): its capabilities and demo packages. Pages, stage
transitions with their SOP steps, documents and OCDS come with the next parts of issue 17."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, Procedure
from sopan.procurement import policies, workflows

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    demo="sopan.procurement.demo.seed",
    # The stages of a package record the steps of Pagar Alam's SOPs (workflows.py): an organisation binding its own
    # SOP to one of these procedures needs these step keys.
    procedures=(
        Procedure(
            workflows.PREPARATION,
            _("Procurement preparation (PPK)"),
            frozenset({"reviu-spesifikasi-rab", "setujui-spesifikasi-rab", "tetapkan-dokumen-persiapan"}),
            "persiapan-pengadaan",
        ),
        Procedure(
            workflows.SELECTION_PREPARATION,
            _("Selection preparation (Pokja Pemilihan)"),
            frozenset(
                {
                    "sampaikan-permintaan-pemilihan",
                    "tetapkan-pokja-pemilihan",
                    "reviu-dokumen-persiapan",
                    "perbaiki-dokumen-persiapan",
                    "tetapkan-metode-pemilihan",
                    "tetapkan-jadwal-pemilihan",
                    "tetapkan-dokumen-pemilihan",
                }
            ),
            "persiapan-pemilihan-penyedia",
        ),
        Procedure(
            workflows.MAIN,
            _("Main procurement process"),
            frozenset({"laksanakan-pemilihan", "kelola-kontrak", "terima-hasil-pekerjaan"}),
            "proses-utama-pbj",
        ),
    ),
)
