"""URLs of the helpdesk: the public FAQ of an organisation, under /bantuan/<org>/faq/ (the `org` kwarg comes from
the prefix)."""

from django.urls import path

from sopan.helpdesk.knowledge import views

urlpatterns = [
    path("", views.public_faq, name="public-faq"),
    path("<int:pk>/", views.public_article, name="public-article"),
]
