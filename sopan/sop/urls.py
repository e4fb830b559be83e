from django.urls import path

from sopan.sop import views, views_cases

app_name = "sop"
urlpatterns = [
    path("", views.sop_list, name="sop-list"),
    path("impor/", views.sop_import, name="sop-import"),
    path("katalog/", views.catalogue, name="catalogue"),
    path("prosedur/", views.procedure_list, name="procedure-list"),
    path("keterkaitan/", views.related_map, name="related-map"),
    path("penomoran/", views.numbering_edit, name="numbering"),
    path("<int:pk>/", views.sop_detail, name="sop-detail"),
    path("<int:pk>/revisi/", views.sop_revise, name="sop-revise"),
    path("versi/<int:pk>/", views.version_detail, name="version-detail"),
    path("versi/<int:pk>/ubah/", views.version_edit, name="version-edit"),
    path("versi/<int:pk>/yaml/", views.version_yaml, name="version-yaml"),
    path("versi/<int:pk>/pdf/", views.version_pdf, name="version-pdf"),
    path("versi/<int:pk>/salin/", views.version_copy, name="version-copy"),
    path("versi/<int:pk>/beda/<int:other>/", views.version_diff, name="version-diff"),
    path("versi/<int:pk>/adopsi/<slug:action>/", views.version_adoption, name="version-adoption"),
    path("versi/<int:pk>/<slug:action>/", views.version_transition, name="version-transition"),
    path("kasus/", views_cases.case_list, name="case-list"),
    path("kasus/mulai/<int:pk>/", views_cases.case_start, name="case-start"),
    path("kasus/<int:pk>/", views_cases.case_detail, name="case-detail"),
    path("kasus/langkah/<int:pk>/selesai/", views_cases.step_complete, name="step-complete"),
    path("kasus/keluaran/<int:pk>/", views_cases.output_download, name="output-download"),
]
