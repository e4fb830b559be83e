"""The SPSE import page (issue 17 §1): upload → preview → confirm, the flow of the RUP import page
(views_import.ImportPage), with its own token (a RUP preview's token never imports SPSE milestones) and
`spse_import`, which runs every row again on confirmation: what changed in the meantime is never imported unseen."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from sopan.procurement import policies
from sopan.procurement.forms import RupUploadForm
from sopan.procurement.spse_import import spse_import
from sopan.procurement.views_import import ImportPage


class SpseUploadForm(RupUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _l("SPSE export")
        self.fields["file"].help_text = _l(
            "An XLSX, CSV or JSON file with SPSE's own column names (kd_rup, kd_tender, tgl_pengumuman_tender, …)."
        )


def _spse_imported(result) -> str:
    return _("SPSE imported: %(recorded)s milestone(s) recorded, %(unchanged)s package(s) unchanged.") % {
        "recorded": len(result.recorded),
        "unchanged": len(result.unchanged),
    }


SPSE_IMPORT = ImportPage(
    what="spse",
    service=spse_import,
    allowed=policies.can_import_spse,
    form_class=SpseUploadForm,
    template="procurement/spse_import.html",
    title=_l("Import SPSE"),
    done=_spse_imported,
)


@login_required
@require_http_methods(["GET", "POST"])
def spse_import_page(request):
    """The UKPBJ brings SPSE's tender milestones into its packages (Persiapan Pemilihan 8–9, Proses Utama 5–8)."""
    return SPSE_IMPORT.handle(request)
