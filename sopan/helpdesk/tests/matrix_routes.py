"""Role matrix of the helpdesk screens: one file per part, gathered here for the project's matrix test."""

from __future__ import annotations

from sopan.helpdesk.tests.matrix_routes_announcements import ROUTES as ANNOUNCEMENT_ROUTES
from sopan.helpdesk.tests.matrix_routes_desk import ROUTES as DESK_ROUTES
from sopan.helpdesk.tests.matrix_routes_knowledge import ROUTES as KNOWLEDGE_ROUTES
from sopan.helpdesk.tests.matrix_routes_public import ROUTES as PUBLIC_ROUTES
from sopan.helpdesk.tests.matrix_routes_reports import ROUTES as REPORT_ROUTES
from sopan.helpdesk.tests.matrix_routes_settings import ROUTES as SETTINGS_ROUTES
from sopan.helpdesk.tests.matrix_routes_tickets import ROUTES as TICKET_ROUTES

ROUTES = [
    *DESK_ROUTES,
    *TICKET_ROUTES,
    *PUBLIC_ROUTES,
    *KNOWLEDGE_ROUTES,
    *ANNOUNCEMENT_ROUTES,
    *REPORT_ROUTES,
    *SETTINGS_ROUTES,
]
