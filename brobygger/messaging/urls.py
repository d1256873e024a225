from django.urls import path

from . import views, webhooks

app_name = "messaging"

urlpatterns = [
    path("people/<int:person_id>/send/", views.person_send, name="person-send"),
    path("people/<int:person_id>/consent/", views.consent_give, name="consent-give"),
    path(
        "people/<int:person_id>/consent/withdraw/", views.consent_withdraw, name="consent-withdraw"
    ),
    path("send/", views.bulk_send, name="bulk-send"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/handled/", views.reply_handled, name="reply-handled"),
    path("my-phone/", views.my_phone, name="my-phone"),
    path("webhooks/status/", webhooks.status, name="webhook-status"),
    path("webhooks/inbound/", webhooks.inbound, name="webhook-inbound"),
]
