"""Organisation administration screens (Kepala LPSE / administrators): settings, units, users, role assignments."""

from django.urls import path

from sopan.accounts import views_admin, views_roles

urlpatterns = [
    path("organisasi/", views_admin.organization_settings, name="organization-settings"),
    path("organisasi/uji-surel/", views_admin.organization_test_mail, name="organization-test-mail"),
    path("organisasi/unit/", views_admin.unit_list, name="unit-list"),
    path("organisasi/unit/baru/", views_admin.unit_create, name="unit-create"),
    path("organisasi/unit/<int:pk>/ubah/", views_admin.unit_edit, name="unit-edit"),
    path("organisasi/pengguna/", views_admin.user_list, name="user-list"),
    path("organisasi/pengguna/baru/", views_admin.user_create, name="user-create"),
    path("organisasi/pengguna/<int:pk>/", views_admin.user_detail, name="user-detail"),
    path("organisasi/pengguna/<int:pk>/ubah/", views_admin.user_edit, name="user-edit"),
    path("organisasi/pengguna/<int:pk>/buka-kunci/", views_admin.user_unlock, name="user-unlock"),
    path("organisasi/pengguna/<int:pk>/reset-2fa/", views_admin.user_reset_two_factor, name="user-reset-2fa"),
    path("organisasi/pengguna/<int:pk>/peran/baru/", views_admin.assignment_create, name="assignment-create"),
    path("organisasi/peran/<int:pk>/akhiri/", views_admin.assignment_end, name="assignment-end"),
    path("organisasi/peran-sendiri/", views_roles.own_role_list, name="own-role-list"),
    path("organisasi/peran-sendiri/baru/", views_roles.own_role_create, name="own-role-create"),
    path("organisasi/peran-sendiri/<int:pk>/ubah/", views_roles.own_role_edit, name="own-role-edit"),
    path("organisasi/peran-sendiri/<int:pk>/nonaktifkan/", views_roles.own_role_deactivate, name="own-role-deactivate"),
    path("organisasi/atasan/", views_roles.supervisor_chain, name="supervisor-chain"),
]
