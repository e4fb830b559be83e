"""What the test harness watches to know whether a test could have made the compliance aggregates differ from the
step records (conftest `_audit_guard`, which then compares them: `rollup.all_differences`)."""

from __future__ import annotations

import re

# Any write to these: the step records and the aggregates themselves (sop/rollup.py).
RECORDS_OR_AGGREGATES = re.compile(r"\b(sop_steprecord|sop_stepday|sop_stepvisit|sop_stepduration)\b", re.IGNORECASE)
# A change or deletion of these: a case's SOP version keys its records' rows, an organisation's time zone their day.
PLACES = re.compile(r'^\s*(UPDATE|DELETE\s+FROM)\s+"?(sop_case|accounts_organization)\b', re.IGNORECASE)
READS = re.compile(r"^\s*(SELECT|SAVEPOINT|RELEASE|ROLLBACK|SET|SHOW|EXPLAIN|PRAGMA)\b", re.IGNORECASE)


class AggregateWrites:
    """A database execute wrapper (`connection.execute_wrappers`) that notes whether any statement sent through its
    connection wrote step records or the aggregates, or changed or deleted a case or an organisation.

    A test that sent none of these cannot have made the aggregates differ from the records, so the comparison (a read
    of every organisation's records, 10–50 ms with the demo data, seconds with a module's large data set) is spared
    it. Only this connection's statements are seen: the harness always compares after a transactional test, whose
    live server or threads write through connections of their own."""

    def __init__(self):
        self.seen = False

    def __call__(self, execute, sql, params, many, context):
        if not self.seen:
            text = sql if isinstance(sql, str) else str(sql)
            if not READS.match(text):
                self.seen = bool(RECORDS_OR_AGGREGATES.search(text) or PLACES.match(text))
        return execute(sql, params, many, context)
