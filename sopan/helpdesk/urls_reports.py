"""URLs of the helpdesk: reports."""

urlpatterns: list = []
