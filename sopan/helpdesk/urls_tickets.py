"""URLs of the helpdesk: tickets."""

urlpatterns: list = []
