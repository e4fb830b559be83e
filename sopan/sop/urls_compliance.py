from django.urls import path

from sopan.sop import views_compliance

app_name = "compliance"
urlpatterns = [
    path("", views_compliance.report, name="report"),
]
