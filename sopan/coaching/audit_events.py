"""The names of the coaching module's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact

EVENTS = {
    "coaching.programme.created": _("Coaching programme drafted"),
    "coaching.programme.updated": _("Coaching programme changed"),
    "coaching.programme.proposed": _("Coaching programme proposed to the Kepala UKPBJ"),
    "coaching.programme.approved": _("Coaching programme approved"),
    "coaching.programme.returned": _("Coaching programme returned for revision"),
    "coaching.programme.invitations_sent": _("Coaching invitations sent"),
    "coaching.programme.held": _("Coaching programme held"),
    "coaching.programme.reported": _("Coaching results reported"),
    "coaching.programme.cancelled": _("Coaching programme cancelled"),
    "coaching.session.added": _("Coaching session scheduled"),
    "coaching.session.removed": _("Coaching session removed"),
    "coaching.material.added": _("Coaching material added"),
    "coaching.invitations.added": _("Coaching invitees added"),
    "coaching.invitation.checked_in": _("Coaching attendance checked in"),
}

FACTS = {
    "coaching.programme.created:*": Fact(of="coaching.Programme"),
    "coaching.programme.updated:*": Fact(of="coaching.Programme"),
    "coaching.programme.returned:note": Fact(_("note")),
    "coaching.programme.cancelled:note": Fact(_("reason")),
    "coaching.session.added:starts_at": Fact(field="coaching.Session.starts_at"),
    "coaching.session.added:place": Fact(_("place or online link")),
    "coaching.session.removed:starts_at": Fact(field="coaching.Session.starts_at"),
    "coaching.material.added:title": Fact(_("title")),
    "coaching.material.added:file": Fact(_("file")),
    "coaching.material.added:sha256": Fact(_("SHA-256"), kind="hash"),
    "coaching.invitations.added:criterion": Fact(_("criterion")),
    "coaching.invitations.added:count": Fact(_("invitations added")),
    "coaching.invitation.checked_in:invitation": Fact(_("invitation"), kind="id"),
    "coaching.invitation.checked_in:code": Fact(_("check-in code"), kind="code"),
}
