from django.urls import include, path

from brobygger.operations import views as operations_views

urlpatterns = [
    # The load balancer's probes (answered first by ProbeMiddleware; docs/operations.md).
    path("healthz", operations_views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
    path("", include("brobygger.start.urls")),
    path("", include("brobygger.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("oidc/", include("brobygger.accounts.oidc_urls")),
    # Saved lists and bulk actions on the people list (above people, meetings and messaging).
    path("people/", include("brobygger.lists.urls")),
    path("people/", include("brobygger.people.urls")),
    path("outreach/", include("brobygger.outreach.urls")),
    path("languages/", include("brobygger.languages.urls")),
    # A person's contact, at the paths under /outreach/ it began at (people, above outreach).
    path("outreach/", include("brobygger.people.contact_urls")),
    path("lists/", include("brobygger.linkage.urls")),
    path("interventions/", include("brobygger.interventions.urls")),
    # The partnership's figures, at the paths under /interventions/ they began at.
    path("interventions/", include("brobygger.measures.urls")),
    path("evaluation/", include("brobygger.evaluation.urls")),
    path("reports/", include("brobygger.reports.urls")),
    path("partners/", include("brobygger.partners.urls")),
    path("documents/", include("brobygger.documents.urls")),
    path("agreements/", include("brobygger.agreements.urls")),
    path("events/", include("brobygger.events.urls")),
    path("messaging/", include("brobygger.messaging.urls")),
    path("meetings/", include("brobygger.meetings.urls")),
    path("knowledge/", include("brobygger.knowledge.urls")),
    path("k/", include("brobygger.people.public_urls")),
    # The referral link (no login): colleagues and partners hand a woman over.
    path("h/", include("brobygger.cases.public_urls")),
    path("signup/", include("brobygger.signup.urls")),
    path("", include("brobygger.signup.public_urls")),
    path("partnerships/", include("brobygger.reports.partnership_urls")),
    path("audit/", include("brobygger.audit.urls")),
    path("privacy/", include("brobygger.privacy.urls")),
    path("cases/", include("brobygger.cases.urls")),
    path("api/v1/", include(("brobygger.api.urls", "api"))),
]

handler403 = "brobygger.core.errors.permission_denied"
handler404 = "brobygger.core.errors.page_not_found"
handler500 = "brobygger.core.errors.server_error"
