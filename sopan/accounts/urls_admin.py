"""Organisation administration screens (Kepala LPSE / administrators): settings, units, users, role assignments."""

from django.urls import path

from sopan.accounts import views_admin

urlpatterns = [
    path("organisasi/", views_admin.organization_settings, name="organization-settings"),
    path("organisasi/unit/", views_admin.unit_list, name="unit-list"),
    path("organisasi/pengguna/", views_admin.user_list, name="user-list"),
]
