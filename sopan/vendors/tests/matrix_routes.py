"""Role matrix of the vendors screens: one file per side (public portal, LPSE desk and verifiers, vendor accounts,
blacklist register), gathered here for the project's matrix test."""

from __future__ import annotations

from sopan.vendors.tests.matrix_routes_accounts import ROUTES as ACCOUNT_ROUTES
from sopan.vendors.tests.matrix_routes_blacklist import ROUTES as BLACKLIST_ROUTES
from sopan.vendors.tests.matrix_routes_lpse import ROUTES as LPSE_ROUTES
from sopan.vendors.tests.matrix_routes_public import ROUTES as PUBLIC_ROUTES

ROUTES = [*PUBLIC_ROUTES, *LPSE_ROUTES, *ACCOUNT_ROUTES, *BLACKLIST_ROUTES]
