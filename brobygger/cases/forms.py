from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.models import User
from brobygger.core.forms import Form, ModelForm
from brobygger.languages.models import Language
from brobygger.partners.models import Organisation

from .models import (
    CaseNote,
    Conversation,
    ConversationKind,
    GoalStatus,
    PlanGoal,
    PlanWording,
    Task,
)


class NoteForm(ModelForm):
    class Meta:
        model = CaseNote
        fields = ["concerns_on", "text", "sensitive", "category"]
        help_texts = {"concerns_on": _("The day the note is about, as dd.mm.yyyy")}
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def clean(self) -> dict[str, Any]:
        """A sensitive note names its kind; a plain one has none (the table's constraints,
        said at the field before the model checks them)."""
        data: dict[str, Any] = super().clean() or {}
        if data.get("sensitive") and not data.get("category"):
            self.add_error("category", _("Choose what kind of sensitive information it is."))
        elif not data.get("sensitive"):
            data["category"] = ""
        return data


class TaskForm(ModelForm):
    """A task by hand: to whom, by when, about what. ``organisations`` (the partners of her
    municipality she may see) is offered on the task list's form, not on a person's."""

    class Meta:
        model = Task
        fields = ["title", "assignee", "due_on", "organisation"]
        help_texts = {"due_on": _("As dd.mm.yyyy")}

    def __init__(
        self,
        *args: Any,
        assignees: QuerySet[User],
        organisations: QuerySet[Organisation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _staff_choices(self.fields["assignee"], assignees)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
            self.fields["organisation"].required = False


def _staff_choices(field: forms.Field, assignees: QuerySet[User]) -> None:
    field.queryset = assignees  # type: ignore[attr-defined]
    field.label_from_instance = lambda user: user.get_full_name() or user.username  # type: ignore[attr-defined]


class GoalForm(ModelForm):
    class Meta:
        model = PlanGoal
        fields = ["text", "text_in_her_language", "target_on"]
        help_texts = {"target_on": _("As dd.mm.yyyy")}


class GoalCloseForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    closed_on = forms.DateField(label=_("On"), help_text=_("As dd.mm.yyyy"))


class StepForm(ModelForm):
    """A next step towards a goal: a task for a staff member of her municipality."""

    class Meta:
        model = Task
        fields = ["title", "title_in_her_language", "assignee", "due_on"]
        labels = {"title": _("Next step")}
        help_texts = {"due_on": _("As dd.mm.yyyy")}

    def __init__(self, *args: Any, assignees: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _staff_choices(self.fields["assignee"], assignees)


class PlanWordingForm(ModelForm):
    class Meta:
        model = PlanWording
        fields = [
            "heading",
            "intro",
            "goals_heading",
            "by_label",
            "steps_heading",
            "support_heading",
            "mentor_label",
            "contact_heading",
            "checked_by_translator",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class DigestForm(Form):
    daily_digest = forms.BooleanField(
        label=_("Send me an e-mail each morning with my tasks due today or overdue"),
        required=False,
    )


SCORE_LABEL = _("How much do you believe you can get an ordinary job? (1 = not at all, 10 = fully)")


class ConversationForm(ModelForm):
    """The conversation, and her answer on the confidence scale (required at the first)."""

    score = forms.TypedChoiceField(
        label=SCORE_LABEL,
        choices=[("", "—"), *[(n, str(n)) for n in range(1, 11)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    score_note = forms.CharField(
        label=_("Her own words about her job chances"), max_length=500, required=False
    )

    class Meta:
        model = Conversation
        fields = [
            "kind",
            "held_on",
            "participants",
            "interpreter_language",
            "education_level",
            "education_country",
            "education",
            "work_experience",
            "danish_level",
            "driving_licence",
            "health_and_care",
            "job_wishes",
            "education_wishes",
            "activity_wishes",
            "barrier_childcare",
            "barrier_transport",
            "barrier_family",
            "barriers",
        ]
        help_texts = {"held_on": _("As dd.mm.yyyy")}
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "work_experience",
                "health_and_care",
                "job_wishes",
                "education_wishes",
                "activity_wishes",
                "barriers",
            )
        }

    SECTIONS: tuple[tuple[Any, tuple[str, ...]], ...] = (
        (_("The conversation"), ("kind", "held_on", "participants", "interpreter_language")),
        (
            _("Background"),
            (
                "education_level",
                "education_country",
                "education",
                "work_experience",
                "danish_level",
                "driving_licence",
                "health_and_care",
            ),
        ),
        (_("Her wishes"), ("job_wishes", "education_wishes", "activity_wishes")),
        (
            _("Practical barriers"),
            ("barrier_childcare", "barrier_transport", "barrier_family", "barriers"),
        ),
        (_("Belief in own job chances"), ("score", "score_note")),
    )

    def __init__(
        self, *args: Any, first_held: bool, correcting: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section_names: tuple[tuple[Any, tuple[str, ...]], ...]
        self.fields["interpreter_language"].queryset = Language.objects.active()  # type: ignore[attr-defined]
        self.fields["interpreter_language"].required = False
        if correcting:
            # The kind stays, and her answer is a measurement: it is not corrected here.
            self.fields["kind"].disabled = True
            del self.fields["score"], self.fields["score_note"]
            self.section_names = self.SECTIONS[:-1]
            return
        self.section_names = self.SECTIONS
        self.fields["kind"].initial = (
            ConversationKind.FOLLOW_UP if first_held else ConversationKind.FIRST
        )
        if not first_held:
            self.fields["score"].required = True
            self.fields["score"].help_text = _("Required at the first conversation.")

    def clean_education_country(self) -> str:
        code: str = self.cleaned_data["education_country"].strip().upper()
        if code and not (len(code) == 2 and code.isalpha()):
            raise forms.ValidationError(_("Use the two-letter country code, e.g. TH."))
        return code

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.section_names]
