"""URLs of the helpdesk, one module per feature:

- `/helpdesk/` the LPSE's desk: tickets, calls and walk-ins (tickets.urls_desk, tickets.urls), knowledge base
  (knowledge.urls), announcements (announcements.urls), reports (reports.urls), settings (configuration.urls);
- `/bantuan/<org>/` the public side: the report form, tracking and the reporter's link (tickets.urls_public), the FAQ
  (knowledge.urls_public), announcements and their Atom feed (announcements.urls_public).
"""

from django.urls import include, path

from sopan.helpdesk.announcements import urls as urls_announcements
from sopan.helpdesk.announcements import urls_public as urls_public_announcements
from sopan.helpdesk.configuration import urls as urls_settings
from sopan.helpdesk.knowledge import urls as urls_knowledge
from sopan.helpdesk.knowledge import urls_public as urls_public_knowledge
from sopan.helpdesk.reports import urls as urls_reports
from sopan.helpdesk.tickets import urls as urls_tickets
from sopan.helpdesk.tickets import urls_desk, urls_public

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
