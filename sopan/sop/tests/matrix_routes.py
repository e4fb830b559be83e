from sopan.sop.tests.matrix_routes_compliance import ROUTES as COMPLIANCE_ROUTES

ROUTES = [*COMPLIANCE_ROUTES]
