from django.urls import path

from sopan.core import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_event_list, name="event-list"),
    path("riwayat/<str:model>/<str:pk>/", views.audit_history, name="history"),
]
