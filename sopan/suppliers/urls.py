from django.urls import include, path

from sopan.core.registers.views import register_urlpatterns
from sopan.suppliers import views
from sopan.suppliers.registers import SUPPLIERS

app_name = "suppliers"

urlpatterns = [
    path("", views.home, name="home"),
    path("penyedia/", include(register_urlpatterns(SUPPLIERS))),
    path("kontrak/baru/", views.contract_create, name="contract-create"),
    path("kontrak/<int:pk>/", views.contract_detail, name="contract-detail"),
    path("kontrak/<int:pk>/dokumen/", views.contract_document_add, name="contract-document-add"),
    path("kontrak/<int:pk>/dokumen/<int:document_pk>/", views.contract_document, name="contract-document"),
    path("kontrak/<int:pk>/evaluasi/", views.contract_evaluate, name="contract-evaluate"),
    path("evaluasi/<int:pk>/", views.evaluation_detail, name="evaluation-detail"),
    path("evaluasi/<int:pk>/cetak/", views.evaluation_print, name="evaluation-print"),
    path("usulan/", views.proposal_list, name="proposal-list"),
    path("usulan/baru/", views.proposal_create, name="proposal-create"),
    path("usulan/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("usulan/<int:pk>/cetak/", views.proposal_print, name="proposal-print"),
]
