from django.urls import path

from .views import contact_requests, detail, figures, receiving, sending, sheets

urlpatterns = [
    # The sending unit's side.
    path("referrals/sent/", sending.sent_list, name="referral_sent_list"),
    path("referrals/new/<slug:slug>/", sending.referral_new, name="referral_new"),
    path("referrals/consent-text/<slug:slug>/", sending.consent_text, name="referral_consent_text"),
    path("referrals/<int:pk>/withdraw/", sending.referral_withdraw, name="referral_withdraw"),
    # Both sides: the referral, its timeline and messages, who processed its data.
    path("referrals/<int:pk>/", detail.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/messages/", detail.referral_message, name="referral_message"),
    path("referrals/<int:pk>/log/", detail.referral_log, name="referral_log"),
    # The receiving NGO's side.
    path("referrals/inbox/", receiving.inbox, name="referral_inbox"),
    path("referrals/<int:pk>/accept/", receiving.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/decline/", receiving.referral_decline, name="referral_decline"),
    path("referrals/<int:pk>/contact/", receiving.referral_contact, name="referral_contact"),
    path("referrals/<int:pk>/meeting/", receiving.referral_meeting, name="referral_meeting"),
    path("referrals/<int:pk>/close/", receiving.referral_close, name="referral_close"),
    # Without consent: an anonymous sheet about the NGO for the client to keep.
    path("referrals/sheet/<slug:slug>/", sheets.anonymous_sheet, name="referral_sheet"),
    path("referrals/sheet/<slug:slug>/pdf/", sheets.anonymous_sheet_pdf, name="referral_sheet_pdf"),
    # Figures for the unit, the NGO and the coordinator.
    path("referrals/figures/", figures.referral_figures, name="referral_figures"),
    # Contact requests the other way: an NGO asks a unit's contact point.
    path("contact-requests/", contact_requests.request_list, name="contact_request_list"),
    path(
        "contact-requests/new/<slug:slug>/",
        contact_requests.request_new,
        name="contact_request_new",
    ),
    path(
        "contact-requests/<int:pk>/",
        contact_requests.request_detail,
        name="contact_request_detail",
    ),
    path(
        "contact-requests/<int:pk>/answer/",
        contact_requests.request_answer,
        name="contact_request_answer",
    ),
    path(
        "contact-requests/<int:pk>/close/",
        contact_requests.request_close,
        name="contact_request_close",
    ),
    path(
        "contact-requests/<int:pk>/withdraw/",
        contact_requests.request_withdraw,
        name="contact_request_withdraw",
    ),
]
