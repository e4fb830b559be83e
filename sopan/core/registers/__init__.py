"""Registers declared rather than copied (issue 15 §7): risks, assets, KPIs and service suppliers.

`declaration` says what a register is (`Register`, `Filter`, `Column`); `selectors` read it scoped to the user's
organisation; `services` write it (create, edit, import), each in one transaction with its audit event; `xlsx` writes
and reads its spreadsheet; `views.register_urlpatterns(register)` gives an app every page of it. An app's urls.py:

    from sopan.core.registers.views import register_urlpatterns
    app_name = "risks"
    urlpatterns = [path("risks/", include(register_urlpatterns(RISKS)))]
"""

from sopan.core.registers.declaration import CHOICE, DATES, SEARCH, Column, Filter, Register

__all__ = ["CHOICE", "DATES", "SEARCH", "Column", "Filter", "Register"]
