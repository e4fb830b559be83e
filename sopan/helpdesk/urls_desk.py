"""URLs of the helpdesk: desk."""

urlpatterns: list = []
