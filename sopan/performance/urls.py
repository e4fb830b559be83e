"""URLs of vendor performance: the staff pages under /kinerja-penyedia/ and the vendor's own page under its account
(/penyedia/saya/kinerja/). Mounted at the root (module.py) so both live in one namespace."""

from django.urls import path

from sopan.performance import views, views_sanctions, views_vendor

app_name = "performance"
urlpatterns = [
    path("kinerja-penyedia/", views.index, name="index"),
    path("kinerja-penyedia/kontrak/baru/", views.contract_new, name="contract-new"),
    path("kinerja-penyedia/kontrak/<int:pk>/", views.contract_detail, name="contract-detail"),
    path("kinerja-penyedia/kontrak/<int:pk>/nilai/", views.contract_assess, name="contract-assess"),
    path("kinerja-penyedia/kontrak/<int:pk>/berita-acara.pdf", views.print_assessment, name="print-assessment"),
    path("kinerja-penyedia/kontrak/<int:pk>/bukti/", views.evidence, name="evidence"),
    path("kinerja-penyedia/laporan/", views.report, name="report"),
    path("kinerja-penyedia/pengaturan/", views.settings_page, name="settings"),
    # issue 18 §3: the blacklist sanction proposals (views_sanctions.py)
    path("kinerja-penyedia/sanksi/", views_sanctions.sanction_list, name="sanction-list"),
    path("kinerja-penyedia/sanksi/baru/", views_sanctions.sanction_new, name="sanction-new"),
    path("kinerja-penyedia/sanksi/<int:pk>/", views_sanctions.sanction_detail, name="sanction-detail"),
    path("kinerja-penyedia/sanksi/<int:pk>/aksi/", views_sanctions.sanction_action, name="sanction-action"),
    path("kinerja-penyedia/sanksi/<int:pk>/sk.pdf", views_sanctions.sanction_print, name="sanction-print"),
    path(
        "kinerja-penyedia/kontrak/<int:pk>/usul-sanksi/",
        views_sanctions.sanction_from_assessment,
        name="sanction-from-assessment",
    ),
    path("penyedia/saya/kinerja/", views_vendor.vendor_assessments, name="vendor-assessments"),
    path("penyedia/saya/kinerja/<int:pk>/tanggapan/", views_vendor.vendor_respond, name="vendor-respond"),
]

# the vendor market (issue 18 §4)
from sopan.performance import views_market  # noqa: E402

urlpatterns += [path("kinerja-penyedia/pasar/", views_market.market_page, name="market")]
