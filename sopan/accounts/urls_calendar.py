from django.urls import path

from sopan.accounts import views_calendar as views

app_name = "calendar"
urlpatterns = [
    path("", views.calendar_settings, name="settings"),
    path("jam-kerja/", views.hours_set, name="hours-set"),
    path("hari/", views.day_add, name="day-add"),
    path("hari/<int:pk>/hapus/", views.day_remove, name="day-remove"),
    path("ramadan/", views.ramadan_set, name="ramadan-set"),
    path("ramadan/bawaan/", views.ramadan_reset, name="ramadan-reset"),
]
