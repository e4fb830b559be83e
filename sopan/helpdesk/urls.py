"""URLs of the helpdesk, one module per part:

- `/helpdesk/` the LPSE's desk: tickets, calls and walk-ins (urls_desk, urls_tickets), knowledge base
  (urls_knowledge), announcements (urls_announcements), reports (urls_reports), settings (urls_settings);
- `/bantuan/<org>/` the public side: the report form, tracking and the reporter's link (urls_public), the FAQ
  (urls_public_knowledge), announcements and their Atom feed (urls_public_announcements).
"""

from django.urls import include, path

from sopan.helpdesk import (
    urls_announcements,
    urls_desk,
    urls_knowledge,
    urls_public,
    urls_public_announcements,
    urls_public_knowledge,
    urls_reports,
    urls_settings,
    urls_tickets,
)

app_name = "helpdesk"
urlpatterns = [
    path("helpdesk/", include(urls_desk.urlpatterns)),
    path("helpdesk/tiket/", include(urls_tickets.urlpatterns)),
    path("helpdesk/pengetahuan/", include(urls_knowledge.urlpatterns)),
    path("helpdesk/pengumuman/", include(urls_announcements.urlpatterns)),
    path("helpdesk/laporan/", include(urls_reports.urlpatterns)),
    path("helpdesk/pengaturan/", include(urls_settings.urlpatterns)),
    path("bantuan/<slug:org>/faq/", include(urls_public_knowledge.urlpatterns)),
    path("bantuan/<slug:org>/pengumuman/", include(urls_public_announcements.urlpatterns)),
    path("bantuan/", include(urls_public.urlpatterns)),
]
