"""URLs of the helpdesk: public."""

urlpatterns: list = []
