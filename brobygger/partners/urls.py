from django.urls import path

from . import capacity_views, care_views, views, yield_views

app_name = "partners"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_edit, name="organisation-create"),
    path("<int:organisation_id>/", views.organisation_detail, name="organisation"),
    path("<int:organisation_id>/edit/", views.organisation_edit, name="organisation-update"),
    path("volunteers/", views.volunteer_list, name="volunteer-list"),
    path("volunteers/new/", views.volunteer_edit, name="volunteer-create"),
    path("volunteers/<int:volunteer_id>/", views.volunteer_edit, name="volunteer-update"),
    path("matches/", views.partner_matches, name="matches"),
    path("mentoring/", views.mentoring, name="mentoring"),
    path("mentoring/decide/", views.proposal_decide, name="proposal-decide"),
    path("mentorships/<int:mentorship_id>/end/", views.mentorship_end, name="mentorship-end"),
    path("people/<int:person_id>/refer/", views.referral_create, name="refer"),
    path("referrals/", views.referral_overview, name="referrals"),
    path("referrals/<int:referral_id>/status/", views.referral_status, name="referral-status"),
    path(
        "referrals/<int:referral_id>/withdraw/",
        views.referral_withdraw,
        name="referral-withdraw",
    ),
    path("care/", care_views.care_overview, name="care"),
    path("mentorships/<int:mentorship_id>/", care_views.mentorship_detail, name="mentorship"),
    path("volunteers/<int:volunteer_id>/care/", care_views.volunteer_care, name="volunteer-care"),
    path(
        "volunteers/<int:volunteer_id>/thanks.pdf",
        care_views.volunteer_thanks,
        name="volunteer-thanks",
    ),
    path("training/", care_views.training_list, name="training-list"),
    path("training/<int:course_id>/", care_views.training_course, name="training-course"),
    path("<int:organisation_id>/capacity/", capacity_views.capacity_page, name="capacity"),
    path("unmatched-names/", yield_views.unmatched_names, name="unmatched-names"),
]
