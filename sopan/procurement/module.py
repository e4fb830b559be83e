"""What procurement brings to the platform (sopan.core.modules): its capabilities, its pages (the package list, a
package's page, the RUP import) with their entry on the bar, the procedures whose SOP steps a package's stages
record (workflows.py), and demo packages."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavItem, Procedure, Urls
from sopan.procurement import policies, workflows, workflows_assistance, workflows_availability

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("pengadaan/", "sopan.procurement.urls"),),
    navigation=(
        NavItem(
            _("Procurement packages"), "procurement:package-list", "box-seam", policies.can_view_packages, order=16
        ),
    ),
    hooks={"indicator_measures": "sopan.procurement.measures.measures"},  # the unit's performance indicators
    demo="sopan.procurement.demo.seed",
    # The stages of a package record the steps of Pagar Alam's SOPs (workflows.py): an organisation binding its own
    # SOP to one of these procedures needs these step keys.
    procedures=(
        # The planning stage's assistance (issue 17 §2; workflows_assistance.py): SOP Perencanaan Pengadaan 3–5.
        Procedure(
            workflows_assistance.PLANNING,
            _("Procurement planning (assistance by the UKPBJ)"),
            workflows_assistance.PLANNING_STEP_KEYS,
            "perencanaan-pengadaan",
        ),
        Procedure(
            workflows.PREPARATION,
            _("Procurement preparation (PPK)"),
            frozenset({"reviu-spesifikasi-rab", "setujui-spesifikasi-rab", "tetapkan-dokumen-persiapan"})
            | workflows_assistance.PREPARATION_STEP_KEYS,  # the assistance with the HPS and draft contract (5–7)
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
        # The availability analysis of a package (issue 17 §4; workflows_availability.py).
        Procedure(
            workflows_availability.AVAILABILITY,
            _("Availability analysis of vendors"),
            workflows_availability.STEP_KEYS,
            "analisa-ketersediaan-pelaku-usaha",
        ),
    ),
)
