"""URLs of the helpdesk: public_knowledge (under /bantuan/<org>/)."""

urlpatterns: list = []
