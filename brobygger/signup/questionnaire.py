"""The questions of the public partner forms, in one place: the forms ask them, the answers
are stored by key in ``Signup.answers``, and staff read them in the review.

The association questionnaire follows seed 002's CSR guide ("Faciliter CSR-samarbejde mellem
foreningsliv og virksomheder"): the municipality trains associations "i at blive præcise i
deres ønsker til et samarbejde" with a questionnaire, and from it the association writes a
short "appetitvækker" for the companies. The guide names what a good answer covers: which
competences the association lacks (e.g. regnskab, afrapportering, kommunikationsrådgivning,
projektledelse), the task ("hvem, hvad, hvor, hvordan, hvor meget og hvor længe"), what the
company gets out of it, that a cooperation also costs the association resources, the
challenges and how to solve them. The company questions are the guide's company side: its
core competences, what it wants from the cooperation (a socially responsible profile,
training its staff, trying new approaches) and how much time it can give.

A key, once used, is never reused for another question: stored answers keep their meaning.
A question that is removed still shows in old answers, under its key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from .models import SignupKind

ANSWER_MAX_LENGTH = 2_000


@dataclass(frozen=True)
class Question:
    key: str
    label: StrOrPromise
    help_text: StrOrPromise = ""
    required: bool = False


ASSOCIATION_QUESTIONS: tuple[Question, ...] = (
    Question(
        "wish",
        _("What would the association like to get out of a cooperation with a company?"),
        required=True,
    ),
    Question(
        "competences",
        _("Which competences would you like a company to bring?"),
        _("For example accounting, reporting, communication or project management."),
        required=True,
    ),
    Question(
        "task",
        _("Describe a concrete task: who, what, where and how?"),
    ),
    Question(
        "extent",
        _("How much time would it take, how often, and for how long?"),
    ),
    Question(
        "company_gain",
        _("What would the company get out of cooperating with you?"),
    ),
    Question(
        "contribution",
        _("What can the association put into the cooperation?"),
        _("People, time, premises. A cooperation also takes the association's resources."),
    ),
    Question(
        "challenges",
        _("Which challenges do you foresee, and how could they be solved?"),
    ),
    Question(
        "teaser",
        _("Your invitation to a company in two or three sentences"),
        _("We use it when we look for a company that matches you."),
    ),
)

COMPANY_QUESTIONS: tuple[Question, ...] = (
    Question(
        "core_competences",
        _("Which core competences could your employees offer an association?"),
        _("For example communication, project management, accounting, IT or language."),
        required=True,
    ),
    Question(
        "company_gain",
        _("What would the company like to get out of a cooperation?"),
        _(
            "For example a socially responsible profile, training your employees' "
            "competences, or trying new approaches."
        ),
    ),
    Question(
        "extent",
        _("How much time could your employees give, how often, and for how long?"),
    ),
)

QUESTIONNAIRES: dict[str, tuple[Question, ...]] = {
    SignupKind.ASSOCIATION: ASSOCIATION_QUESTIONS,
    SignupKind.COMPANY: COMPANY_QUESTIONS,
    SignupKind.VOLUNTEER: (),
}


def answered(kind: str, answers: Mapping[str, object]) -> list[tuple[StrOrPromise, str]]:
    """(question, answer) in the questionnaire's order, answered questions only; answers to
    questions no longer asked follow under their key."""
    questions = QUESTIONNAIRES.get(kind, ())
    rows: list[tuple[StrOrPromise, str]] = [
        (q.label, str(answers[q.key])) for q in questions if answers.get(q.key)
    ]
    known = {q.key for q in questions}
    rows += [(key, str(value)) for key, value in answers.items() if key not in known and value]
    return rows
