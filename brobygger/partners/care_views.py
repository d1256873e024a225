"""Volunteer care pages (``volunteer_care.py``): the coordinator's overview, a mentorship's
check-ins and end, a volunteer's pipeline and support requests, her thank-you letter, and the
training calendar."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import municipalities_where
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.forms import apply_errors
from brobygger.core.inputs import from_cleaned_data
from brobygger.core.pdf import pdf_response, render_pdf

from . import selectors
from . import volunteer_care as care
from .forms import (
    CheckInForm,
    EnrolForm,
    MentorshipEndForm,
    StatusChangeForm,
    SupportHandledForm,
    SupportRequestForm,
    TrainingCourseForm,
    TrainingSessionForm,
)
from .models import MentorshipStatus
from .views import _mentoring_municipality


def _saved(request: AuthedRequest, form: BaseForm, write: Any, message: str) -> bool:
    """Run ``write`` (a service call) for a valid ``form``; its refusal goes to the form."""
    if not form.is_valid():
        return False
    try:
        write()
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, message)
    return True


@permission_required(Permission.MANAGE_VOLUNTEERS)
def care_overview(request: AuthedRequest) -> HttpResponse:
    """The coordinator's care page: who waits too long for a mentor, follow-ups due, open
    support requests, the pipeline with its dropout reasons, and anniversaries."""
    municipality = _mentoring_municipality(request)
    if municipality is None:
        raise Http404
    today = timezone.localdate()
    user, pk = request.user, municipality.pk
    waiting = care.waiting_times(user=user, municipality_id=pk, today=today)
    context = {
        "municipality": municipality,
        "municipalities": municipalities_where(user, Permission.MANAGE_VOLUNTEERS),
        "waiting": waiting,
        "alerts": [row for row in waiting if row.alert],
        "alert_days": settings.MENTOR_WAIT_ALERT_DAYS,
        "follow_ups": care.follow_ups_due(user=user, municipality_id=pk, today=today),
        "support": care.open_support_requests(user=user, municipality_id=pk),
        "pipeline": care.pipeline_counts(user=user, municipality_id=pk),
        "dropouts": care.dropout_reasons(user=user, municipality_id=pk),
        "ends": care.mentorship_end_reasons(user=user, municipality_id=pk),
        "anniversaries": care.anniversaries(user=user, municipality_id=pk, today=today),
    }
    access_record(
        user=user,
        action=AccessAction.SEARCH,
        municipality_id=pk,
        search_criterion="volunteer care",
        row_count=len(waiting) + len(context["follow_ups"]),  # type: ignore[arg-type]
    )
    return render(request, "partners/care.html", context)


@permission_required(Permission.MANAGE_VOLUNTEERS)
def mentorship_detail(request: AuthedRequest, mentorship_id: int) -> HttpResponse:
    """A mentorship: the check-ins, a new check-in, and its end with the reason."""
    mentorship = care.mentorship_care_get(user=request.user, pk=mentorship_id)
    today = timezone.localdate()
    end = getattr(mentorship, "end", None)
    check_in_form = CheckInForm(initial={"held_on": today}, prefix="check_in")
    end_form = MentorshipEndForm(
        instance=end, initial={"ended_on": mentorship.ended_on or today}, prefix="end"
    )
    status = 200
    kind = request.POST.get("form")
    if request.method == "POST" and kind == "check_in":
        check_in_form = CheckInForm(request.POST, prefix="check_in")
        if _saved(
            request,
            check_in_form,
            lambda: care.check_in_record(
                actor=request.user,
                mentorship=mentorship,
                data=from_cleaned_data(care.CheckInData, check_in_form.cleaned_data),
            ),
            _("The check-in is saved."),
        ):
            return redirect("partners:mentorship", mentorship_id=mentorship.pk)
        status = 400
    elif request.method == "POST" and kind == "end":
        end_form = MentorshipEndForm(request.POST, instance=end, prefix="end")
        if _saved(
            request,
            end_form,
            lambda: care.mentorship_close(
                actor=request.user,
                mentorship=mentorship,
                data=from_cleaned_data(care.MentorshipEndData, end_form.cleaned_data),
            ),
            _("The end of the mentorship is saved."),
        ):
            return redirect("partners:mentorship", mentorship_id=mentorship.pk)
        status = 400
    elif request.method == "POST":
        status = 400
    else:
        access_record(user=request.user, action=AccessAction.VIEW, obj=mentorship)
    context = {
        "mentorship": mentorship,
        "ended": mentorship.status != MentorshipStatus.ACTIVE,
        "end": end,
        "check_ins": care.check_ins_of(user=request.user, mentorship=mentorship),
        "check_in_form": check_in_form,
        "end_form": end_form,
    }
    return render(request, "partners/mentorship_detail.html", context, status=status)


@permission_required(Permission.MANAGE_VOLUNTEERS)
def volunteer_care(request: AuthedRequest, volunteer_id: int) -> HttpResponse:
    """A volunteer's steps through the pipeline and her support requests."""
    volunteer = selectors.volunteer_get(user=request.user, pk=volunteer_id)
    today = timezone.localdate()
    status_form = StatusChangeForm(initial={"changed_on": today}, prefix="status")
    support_form = SupportRequestForm(initial={"received_on": today}, prefix="support")
    handled_form = SupportHandledForm(initial={"handled_on": today}, prefix="handled")
    handled_id = None
    status = 200
    kind = request.POST.get("form")
    if request.method == "POST" and kind == "status":
        status_form = StatusChangeForm(request.POST, prefix="status")
        if _saved(
            request,
            status_form,
            lambda: care.volunteer_status_change(
                actor=request.user,
                volunteer=volunteer,
                data=from_cleaned_data(care.StatusChangeData, status_form.cleaned_data),
            ),
            _("The status is saved."),
        ):
            return redirect("partners:volunteer-care", volunteer_id=volunteer.pk)
        status = 400
    elif request.method == "POST" and kind == "support":
        support_form = SupportRequestForm(request.POST, prefix="support")
        if _saved(
            request,
            support_form,
            lambda: care.support_request_record(
                actor=request.user,
                volunteer=volunteer,
                data=from_cleaned_data(care.SupportRequestData, support_form.cleaned_data),
            ),
            _("The request is saved."),
        ):
            return redirect("partners:volunteer-care", volunteer_id=volunteer.pk)
        status = 400
    elif request.method == "POST" and kind == "handled":
        raw = request.POST.get("request", "")
        if not raw.isdigit():
            raise Http404
        support = care.support_request_get(user=request.user, pk=int(raw))
        if support.volunteer_id != volunteer.pk:
            raise Http404
        handled_id = support.pk
        handled_form = SupportHandledForm(request.POST, instance=support, prefix="handled")
        if _saved(
            request,
            handled_form,
            lambda: care.support_request_handle(
                actor=request.user,
                request=support,
                data=from_cleaned_data(care.SupportHandledData, handled_form.cleaned_data),
            ),
            _("The request is marked as handled."),
        ):
            return redirect("partners:volunteer-care", volunteer_id=volunteer.pk)
        status = 400
    elif request.method == "POST":
        status = 400
    else:
        access_record(user=request.user, action=AccessAction.VIEW, obj=volunteer)
    context = {
        "volunteer": volunteer,
        "changes": care.status_changes_of(user=request.user, volunteer=volunteer),
        "requests": care.support_requests_of(user=request.user, volunteer=volunteer),
        "status_form": status_form,
        "support_form": support_form,
        "handled_form": handled_form,
        "handled_id": handled_id,
    }
    return render(request, "partners/volunteer_care.html", context, status=status)


@permission_required(Permission.MANAGE_VOLUNTEERS)
def volunteer_thanks(request: AuthedRequest, volunteer_id: int) -> HttpResponse:
    """A thank-you letter to the volunteer, as a PDF to print and sign."""
    volunteer = care.volunteer_for_letter(user=request.user, pk=volunteer_id)
    access_record(user=request.user, action=AccessAction.EXPORT, obj=volunteer)
    since = care.active_since(volunteer)
    today = timezone.localdate()
    context = {
        "volunteer": volunteer,
        "since": since,
        "years": max((today - since).days // 365, 0),
        "today": today,
        "sender": request.user.get_full_name() or request.user.get_username(),
    }
    content = render_pdf("partners/thanks_pdf.html", context, request)
    return pdf_response(content, f"tak-{volunteer.pk}.pdf")


@permission_required(Permission.MANAGE_VOLUNTEERS)
def training_list(request: AuthedRequest) -> HttpResponse:
    """The training calendar: courses with their sessions, and a new course."""
    form = TrainingCourseForm(request.POST or None, user=request.user)
    if request.method == "POST" and _saved(
        request,
        form,
        lambda: care.course_save(
            actor=request.user,
            data=from_cleaned_data(care.CourseData, form.cleaned_data),
            municipality=form.cleaned_data["municipality"],
        ),
        _("The course is saved."),
    ):
        return redirect("partners:training-list")
    context = {"courses": care.course_list(user=request.user)[:500], "form": form}
    return render(
        request, "partners/training_list.html", context, status=400 if form.errors else 200
    )


@permission_required(Permission.MANAGE_VOLUNTEERS)
def training_course(request: AuthedRequest, course_id: int) -> HttpResponse:
    """A course: its sessions, the volunteers enrolled, and attendance per session."""
    course = care.course_get(user=request.user, pk=course_id)
    volunteers = care.enrollable_volunteers(user=request.user, course=course)
    session_form = TrainingSessionForm(prefix="session")
    enrol_form = EnrolForm(prefix="enrol", volunteers=volunteers)
    status = 200
    kind = request.POST.get("form")
    if request.method == "POST" and kind == "session":
        session_form = TrainingSessionForm(request.POST, prefix="session")
        if _saved(
            request,
            session_form,
            lambda: care.session_add(
                actor=request.user,
                course=course,
                data=from_cleaned_data(care.SessionData, session_form.cleaned_data),
            ),
            _("The session is saved."),
        ):
            return redirect("partners:training-course", course_id=course.pk)
        status = 400
    elif request.method == "POST" and kind == "enrol":
        enrol_form = EnrolForm(request.POST, prefix="enrol", volunteers=volunteers)
        if _saved(
            request,
            enrol_form,
            lambda: care.course_enrol(
                actor=request.user, course=course, volunteer=enrol_form.cleaned_data["volunteer"]
            ),
            _("The volunteer is enrolled."),
        ):
            return redirect("partners:training-course", course_id=course.pk)
        status = 400
    elif request.method == "POST" and kind == "attendance":
        sessions, rows = care.course_grid(user=request.user, course=course)
        chosen = request.POST.get("session", "")
        session = next((s for s in sessions if str(s.pk) == chosen), None)
        if session is None:
            raise Http404
        ticked = set(request.POST.getlist("present"))
        present = [row.volunteer for row in rows if str(row.volunteer.pk) in ticked]
        try:
            trained = care.attendance_record(actor=request.user, session=session, present=present)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The attendance is saved."))
            for volunteer in trained:
                messages.info(request, _("%(name)s is now trained.") % {"name": volunteer})
        return redirect("partners:training-course", course_id=course.pk)
    elif request.method == "POST":
        status = 400
    sessions, rows = care.course_grid(user=request.user, course=course)
    context = {
        "course": course,
        "sessions": sessions,
        "rows": rows,
        # Per session, each enrolled volunteer and whether she came (the attendance forms).
        "registers": [
            (session, [(row.volunteer, row.attended[i]) for row in rows])
            for i, session in enumerate(sessions)
        ],
        "session_form": session_form,
        "enrol_form": enrol_form,
        "today": timezone.localdate(),
    }
    return render(request, "partners/training_course.html", context, status=status)
