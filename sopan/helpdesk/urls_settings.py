"""URLs of the helpdesk: settings."""

urlpatterns: list = []
