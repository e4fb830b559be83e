"""URLs of the helpdesk: knowledge."""

urlpatterns: list = []
