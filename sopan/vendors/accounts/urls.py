"""Vendor accounts, mounted at /penyedia/: the vendor's own data and change requests, the LPSE's vendor list and
files, account actions (suspension, deactivation, reactivation) and the change request queue."""

from django.urls import path

from sopan.vendors.accounts import views

urlpatterns = [
    path("", views.company_list, name="company-list"),
    path("saya/", views.company_mine, name="company-mine"),
    path("saya/perubahan/", views.change_request, name="change-request"),
    path("perubahan/", views.change_queue, name="change-queue"),
    path("perubahan/<int:pk>/", views.change_decide, name="change-decide"),
    path("perubahan/<int:pk>/nik/", views.change_identity_reveal, name="change-identity-reveal"),
    path("perubahan/<int:pk>/tarik/", views.change_withdraw, name="change-withdraw"),
    path("perubahan/<int:pk>/bukti/", views.change_evidence, name="change-evidence"),
    path("<int:pk>/", views.company_detail, name="company-detail"),
    path("<int:pk>/nik/", views.company_identity_reveal, name="company-identity-reveal"),
    path("<int:pk>/tindakan/", views.account_action_report, name="account-action-report"),
    path("tindakan/<int:pk>/bukti/", views.account_action_evidence, name="account-action-evidence"),
    path("tindakan/<int:pk>/<slug:step>/", views.account_action_step, name="account-action-step"),
]
