"""URLs of the helpdesk: the knowledge base (FAQ articles) and canned answers, under /helpdesk/pengetahuan/."""

from django.urls import path

from sopan.helpdesk.knowledge import views

urlpatterns = [
    path("", views.article_list, name="article-list"),
    path("baru/", views.article_create, name="article-create"),
    path("<int:pk>/", views.article_detail, name="article-detail"),
    path("<int:pk>/ubah/", views.article_update, name="article-update"),
    path("<int:pk>/terbitkan/", views.article_publish, name="article-publish"),
    path("dari-pesan/<int:message_pk>/", views.article_from_message, name="article-from-message"),
    path("jawaban/", views.canned_list, name="canned-list"),
    path("jawaban/baru/", views.canned_create, name="canned-create"),
    path("jawaban/<int:pk>/ubah/", views.canned_update, name="canned-update"),
    path("jawaban/<int:pk>/nonaktifkan/", views.canned_deactivate, name="canned-deactivate"),
]
