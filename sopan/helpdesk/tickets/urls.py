"""URLs of the helpdesk: the ticket page and its actions (mounted at /helpdesk/tiket/)."""

from django.urls import path

from sopan.helpdesk.tickets import views

# (path segment, action): each action is one POST handled by `views.ticket_action`, named `ticket-<action>`.
ACTIONS = (
    ("balas", "reply"),
    ("catatan", "note"),
    ("ambil", "take"),
    ("tunggu", "wait"),
    ("lanjutkan", "resume"),
    ("tugaskan", "assign"),
    ("klasifikasi", "classify"),
    ("selesaikan", "resolve"),
    ("pelapor-diberitahu", "inform"),
    ("tutup", "close"),
    ("buka-kembali", "reopen"),
    ("eskalasi", "escalate"),
    ("eskalasi-lkpp", "escalate-lkpp"),
)

urlpatterns = [
    path("<int:pk>/", views.ticket_detail, name="ticket-detail"),
    *[
        path(f"<int:pk>/{segment}/", views.ticket_action, {"action": action}, name=f"ticket-{action}")
        for segment, action in ACTIONS
    ],
    # the folded forms of the page, each loaded when opened: `ticket-<action>-form`
    *[
        path(
            f"<int:pk>/{segment}/formulir/", views.ticket_action_form, {"action": action}, name=f"ticket-{action}-form"
        )
        for segment, action in ACTIONS
        if action.replace("-", "_") in views.FOLDED_FORMS
    ],
    path("<int:pk>/eskalasi/<int:escalation_pk>/jawaban/", views.escalation_answer, name="escalation-answer"),
    path("<int:pk>/lampiran/<int:attachment_pk>/", views.attachment_download, name="attachment-download"),
    path("<int:pk>/formulir-konsultasi.pdf", views.ticket_form_pdf, name="ticket-form-pdf"),
]
