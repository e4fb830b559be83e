"""URLs of the helpdesk: public_announcements (under /bantuan/<org>/)."""

urlpatterns: list = []
