from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.core.forms import Form, ModelForm
from brobygger.partnerships.models import Municipality

from .models import (
    CapacityAction,
    CapacityBuilding,
    CapacityCourse,
    ContactPerson,
    ExpectationPoint,
    MentorshipCheckIn,
    MentorshipEnd,
    MentorshipEndReason,
    Organisation,
    Referral,
    ReferralReason,
    ReferralStatus,
    Review,
    SupportRequest,
    TrainingCourse,
    TrainingSession,
    Visit,
    Volunteer,
    VolunteerStatusChange,
)
from .validators import normalise_cvr, validate_cvr

DATE_HELP = _("As dd.mm.yyyy")
LANGUAGES_HELP = _("Language codes separated by commas, e.g. da, ar, so.")


class OrganisationForm(MunicipalityFieldMixin, ModelForm):
    municipality_permission = Permission.MANAGE_PARTNERS
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    cvr = forms.CharField(
        label=_("CVR number"),
        required=False,
        max_length=20,
        help_text=_("8 digits; required for companies."),
    )

    class Meta:
        model = Organisation
        fields = [
            "municipality",
            "name",
            "kind",
            "cvr",
            "street",
            "postal_code",
            "city",
            "website",
            "email",
            "phone",
            "activities",
            "target_groups",
            "languages",
            "offers",
            "offers_text",
            "needs",
            "needs_text",
            "internship_places",
            "mentor_slots",
            "course_seats",
            "relationship",
            "notes",
        ]
        widgets = {
            "offers": forms.CheckboxSelectMultiple,
            "needs": forms.CheckboxSelectMultiple,
            "activities": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.Textarea(attrs={"rows": 2}),
            "offers_text": forms.Textarea(attrs={"rows": 3}),
            "needs_text": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        # Course seats came after the form: empty is none.
        self.fields["course_seats"].required = False
        if self.instance.pk:
            self.fields["municipality"].initial = self.instance.municipality_id
            self.fields["municipality"].disabled = True

    def clean_course_seats(self) -> int:
        return int(self.cleaned_data.get("course_seats") or 0)

    def clean_cvr(self) -> str:
        """Accept "DK 13 58 56 28" as typed; store the 8 digits."""
        value = normalise_cvr(self.cleaned_data.get("cvr", "").strip())
        if value:
            validate_cvr(value)
        return value


class ContactPersonForm(ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "phone", "email"]


class VisitForm(ModelForm):
    class Meta:
        model = Visit
        fields = [
            "visited_on",
            "what_they_do",
            "target_groups",
            "new_ideas",
            "challenges",
            "can_contribute",
            "municipality_role",
            "next_step",
        ]
        help_texts = {"visited_on": DATE_HELP}
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in (
                "what_they_do",
                "target_groups",
                "new_ideas",
                "challenges",
                "can_contribute",
                "municipality_role",
            )
        }


class VolunteerForm(MunicipalityFieldMixin, ModelForm):
    municipality_permission = Permission.MANAGE_VOLUNTEERS
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    class Meta:
        model = Volunteer
        fields = [
            "municipality",
            "first_name",
            "last_name",
            "gender",
            "phone",
            "email",
            "postal_code",
            "languages",
            "skills",
            "interests",
            "availability",
            "max_distance_km",
            "women_only",
            "max_mentees",
            "trained_on",
            "record_check_on",
            "organisation",
            "status",
            "notes",
        ]
        help_texts = {
            "trained_on": DATE_HELP,
            "record_check_on": _(
                "As dd.mm.yyyy. A check older than two years blocks new mentorships."
            ),
            "max_mentees": _("From 1 to 10."),
        }
        widgets = {
            "skills": forms.CheckboxSelectMultiple,
            "interests": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.visible_to(user).filter(review=Review.APPROVED)
        )
        if self.instance.pk:
            self.fields["municipality"].initial = self.instance.municipality_id
            self.fields["municipality"].disabled = True


class ReferralForm(ModelForm):
    """A referral to the volunteer coordinator (no partner chosen) or to one of the approved
    partners of her municipality."""

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = cast(forms.ModelChoiceField, self.fields["target"])
        target.queryset = Organisation.objects.filter(
            municipality_id=municipality_id, review=Review.APPROVED
        ).exclude(relationship="ended")
        target.empty_label = str(_("The volunteer coordinator (a mentor)"))

    class Meta:
        model = Referral
        fields = [
            "target",
            "languages",
            "postal_code",
            "topics",
            "interests",
            "wants_woman_mentor",
            "note",
        ]
        help_texts = {"languages": LANGUAGES_HELP}
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "interests": forms.Textarea(attrs={"rows": 2}),
        }


class ReferralStatusForm(Form):
    """A referral's answer or next step: accepted (with the day agreed to follow up),
    declined or ended (with the reason), started, or withdrawn."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (value, label)
            for value, label in ReferralStatus.choices
            if value != ReferralStatus.WAITING
        ],
    )
    occurred_on = forms.DateField(label=_("Date"), help_text=DATE_HELP)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "---------"), *ReferralReason.choices],
        required=False,
        help_text=_("Required when it is declined or ended."),
    )
    follow_up_on = forms.DateField(
        label=_("Follow up by"),
        required=False,
        help_text=_("Required when it is accepted: the day agreed with the partner."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class MentorshipQuickEndForm(Form):
    """Ending a mentorship today from the mentoring page: the reason only."""

    reason = forms.ChoiceField(label=_("Reason"), choices=MentorshipEndReason.choices)


# Volunteer care (``volunteer_care.py``).


class CheckInForm(ModelForm):
    class Meta:
        model = MentorshipCheckIn
        fields = ["held_on", "rating", "next_step", "follow_up_on"]
        help_texts = {"held_on": DATE_HELP, "follow_up_on": DATE_HELP}
        widgets = {"rating": forms.RadioSelect}


class MentorshipEndForm(ModelForm):
    ended_on = forms.DateField(label=_("Ended on"), help_text=DATE_HELP)

    class Meta:
        model = MentorshipEnd
        fields = ["ended_on", "reason", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class SupportRequestForm(ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["received_on", "kind", "severity", "description"]
        help_texts = {"received_on": DATE_HELP}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SupportHandledForm(ModelForm):
    handled_on = forms.DateField(label=_("Handled on"), help_text=DATE_HELP)

    class Meta:
        model = SupportRequest
        fields = ["handled_on", "handling"]


class StatusChangeForm(ModelForm):
    class Meta:
        model = VolunteerStatusChange
        fields = ["status", "changed_on", "reason", "note"]
        help_texts = {
            "changed_on": DATE_HELP,
            "reason": _("Only when she pauses or stops."),
        }


class TrainingCourseForm(MunicipalityFieldMixin, ModelForm):
    municipality_permission = Permission.MANAGE_VOLUNTEERS
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    class Meta:
        model = TrainingCourse
        fields = ["municipality", "title", "description", "required_sessions"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)


class TrainingSessionForm(ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["date", "place"]
        help_texts = {"date": DATE_HELP}


class EnrolForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=Volunteer.objects.none())

    def __init__(self, *args: Any, volunteers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]


# Capacity building (``capacity.py``).


class CapacityBuildingForm(ModelForm):
    class Meta:
        model = CapacityBuilding
        fields = ["key_adviser", "started_on", "notes"]
        help_texts = {"started_on": DATE_HELP}
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, advisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key_adviser"].queryset = advisers  # type: ignore[attr-defined]


class CapacityCourseForm(ModelForm):
    class Meta:
        model = CapacityCourse
        fields = ["title", "attended_on", "participants"]
        help_texts = {"attended_on": DATE_HELP}


class ExpectationPointForm(ModelForm):
    class Meta:
        model = ExpectationPoint
        fields = ["text", "agreed_on"]
        help_texts = {"agreed_on": DATE_HELP}


class CapacityActionForm(ModelForm):
    class Meta:
        model = CapacityAction
        fields = ["title", "responsible", "due_on", "status"]
        help_texts = {"due_on": DATE_HELP}
