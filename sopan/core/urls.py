from django.urls import path

from sopan.core import antibot, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("bahasa/", views.language, name="language"),
    path("healthz", views.healthz, name="healthz"),
    path("antibot/challenge/", antibot.challenge_view, name="antibot-challenge"),
]
