"""The test factories hold the shape of the models: every model of Brobygger has a factory
(``brobygger/<app>/tests/factories.py``, factory_boy) or says here why not, and every factory
makes a valid row by itself and with each of its traits (``class Params``).

A new model fails ``test_every_model_has_a_factory`` until its app's factories module has one;
a factory or a trait that makes an invalid row (a constraint, a validator, a ``clean`` rule)
fails ``test_a_factory_makes_a_valid_row``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import factory
import pytest
from django.apps import apps
from django.db import models

import brobygger

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

# Models the tests never make on their own, and why.
WITHOUT_FACTORY = {
    "people.PersonNameKey": "PersonFactory makes a person's search keys",
    "people.PersonMerge": "made only by the merge service (people.merging), which tests use",
    "interventions.ProgressionScore": "ProgressionAssessmentFactory scores every dimension",
    "knowledge.SurveyStatement": "SurveyFactory copies seed 001's statements, as the service",
    "knowledge.SurveyPick": "SurveyResponseFactory picks the most and least agreed",
    "outreach.PublicFormText": "seeded, one per language with texts; the tests copy one",
    "measures.PersonFact": "derived: the services keep one per person (PersonFactory makes it)",
    "reports.ReportReminder": "a claim made only by the reminder run, which the tests use",
    "linkage.ReviewLabelCount": "counts kept only by the review decision, which the tests use",
}

# Fields a model leaves empty although a form would refuse it, and why: no form edits them.
NOT_VALIDATED = {
    # The import empties a row's values once the person holds them; most rows have no problem.
    "linkage.ImportRow": ["values", "problems"],
}

# Models whose rows live through states (a status, an end, a review): their factories must
# have traits for them.
STATEFUL = {
    "accounts.User", "accounts.ApiToken", "people.Person", "partners.Organisation",
    "partners.Volunteer", "partners.Referral", "partners.Mentorship", "agreements.Agreement",
    "agreements.StatusMeeting", "events.Event", "interventions.Enrolment",
    "interventions.Outcome", "outreach.OutreachActivity", "people.ContactAttempt",
    "knowledge.SuccessStory", "knowledge.Survey", "linkage.ImportBatch", "linkage.ImportRow",
    "linkage.DuplicateCandidate", "reports.StatusReport", "signup.Signup", "privacy.PurgeRun",
    "audit.AccessLogEntry", "cases.ReferralLink", "partners.ReferralEvent",
}  # fmt: skip


def _factory_modules() -> Iterator[str]:
    root = Path(brobygger.__file__).parent
    for path in sorted(root.glob("*/tests/factories.py")):
        yield f"brobygger.{path.parent.parent.name}.tests.factories"


def _factories() -> list[type[factory.django.DjangoModelFactory]]:
    found = []
    for name in _factory_modules():
        module = importlib.import_module(name)
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, factory.django.DjangoModelFactory)
            and value.__module__ == name
            and not value._meta.abstract  # a shared base, not a factory of its own
        ]
    return found


def _traits(factory_class: type[factory.django.DjangoModelFactory]) -> list[str]:
    return [
        name
        for name, value in factory_class._meta.parameters.items()
        if isinstance(value, factory.Trait)
    ]


def _label(factory_class: type[factory.django.DjangoModelFactory]) -> str:
    model: type[models.Model] = factory_class._meta.model
    return model._meta.label


def _cases() -> list[tuple[str, str]]:
    return [
        (f"{f.__module__}.{f.__name__}", trait) for f in _factories() for trait in ["", *_traits(f)]
    ]


def test_every_model_has_a_factory() -> None:
    ours = {
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("brobygger.") and not model._meta.auto_created
    }
    with_factory = {_label(f) for f in _factories()}

    missing = ours - with_factory - WITHOUT_FACTORY.keys()
    assert not missing, f"add a factory to the app's tests/factories.py for: {sorted(missing)}"
    assert not WITHOUT_FACTORY.keys() & with_factory, "a model with a factory is still excused"
    assert WITHOUT_FACTORY.keys() <= ours, "an excused model no longer exists"


def test_the_models_with_states_have_traits() -> None:
    """A factory of a model whose rows live through states says them as traits (the walk
    below makes each one)."""
    without = {_label(f) for f in _factories() if not _traits(f) and _label(f) in STATEFUL}
    assert not without, f"give these factories traits for their states: {sorted(without)}"
    assert {_label(f) for f in _factories()} >= STATEFUL


@pytest.mark.parametrize(("path", "trait"), _cases())
def test_a_factory_makes_a_valid_row(path: str, trait: str) -> None:
    module, name = path.rsplit(".", 1)
    factory_class = getattr(importlib.import_module(module), name)

    made = factory_class(**({trait: True} if trait else {}))

    made.refresh_from_db()
    made.full_clean(exclude=NOT_VALIDATED.get(made._meta.label))
