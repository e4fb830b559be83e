"""URLs of the helpdesk: announcements."""

urlpatterns: list = []
