from django.urls import path

from tests.example_module import views

app_name = "example_module"
urlpatterns = [path("", views.index, name="index")]
