"""Open tickets keep their service-level targets to the end of the minute shown (issue 14 §6), like SOP steps: a
target written before this rule had seconds, so a reply within the minute the page shows counted as late.

Only open tickets change (and a response target only while no response was given); closed ones keep what they were
judged by."""

import datetime

from django.db import migrations

BATCH = 2000
OPEN = ("recorded", "in_progress", "waiting")


def end_of_minute(instant):
    return instant.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1, microseconds=-1)


def forwards(apps, schema_editor):
    Ticket = apps.get_model("helpdesk", "Ticket")
    tickets = Ticket.objects.filter(status__in=OPEN).only("pk", "responded_at", "response_due_at", "resolution_due_at")
    changed = []
    for ticket in tickets.iterator(BATCH):
        before = (ticket.response_due_at, ticket.resolution_due_at)
        if ticket.responded_at is None:
            ticket.response_due_at = end_of_minute(ticket.response_due_at)
        ticket.resolution_due_at = end_of_minute(ticket.resolution_due_at)
        if (ticket.response_due_at, ticket.resolution_due_at) != before:
            changed.append(ticket)
        if len(changed) >= BATCH:
            Ticket.objects.bulk_update(changed, ["response_due_at", "resolution_due_at"])
            changed = []
    if changed:
        Ticket.objects.bulk_update(changed, ["response_due_at", "resolution_due_at"])


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
