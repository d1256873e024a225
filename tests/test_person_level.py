"""One declaration of person-level data (``Scoping`` on the model, accounts/access.py) drives the
scoping manager, the tenancy lint, the art. 30 register and the access request's walk; these
tests fail the day a model is added that relates to a person and is not declared in all of them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from brobygger.accounts.access import (
    MunicipalQuerySet,
    person_level_models,
    scoped_models,
    scoping_of,
)
from brobygger.partnerships.models import Municipality
from brobygger.people.models import Person
from brobygger.privacy.records import SKIPPED, walked_models
from brobygger.privacy.register import register_models

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _ours() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("brobygger.")]


def _related_to_a_person() -> set[type[models.Model]]:
    """Models with a foreign key to Person, or to a model that has one, and so on."""
    found: set[type[models.Model]] = {Person}
    while True:
        more = {
            model
            for model in _ours()
            if model not in found
            and any(
                field.many_to_one and field.related_model in found
                for field in model._meta.concrete_fields
            )
        }
        if not more:
            return found
        found |= more


def _end_of(model: type[models.Model], path: str) -> type[models.Model]:
    for name in path.split("__") if path else []:
        related = model._meta.get_field(name).related_model
        assert isinstance(related, type), f"{model.__name__}.{name} is not a relation"
        model = related
    return model


def _public_module(model: type[models.Model]) -> str:
    return f"{model._meta.app_config.name}.models"


def test_every_model_related_to_a_person_declares_it() -> None:
    missing = {m._meta.label for m in _related_to_a_person()} - {
        m._meta.label for m in person_level_models()
    }
    assert not missing, f"declare scoping = Scoping(..., person=...) on {sorted(missing)}"


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m._meta.label)
def test_the_declared_paths_lead_to_the_municipality_and_the_person(
    model: type[models.Model],
) -> None:
    scoping = scoping_of(model)
    assert scoping is not None
    assert _end_of(model, scoping.municipality) is Municipality
    if scoping.person is not None:
        assert _end_of(model, scoping.person) is Person
    assert isinstance(model._default_manager.all(), MunicipalQuerySet)


def test_the_tenancy_lint_bans_direct_queries_of_every_person_level_model() -> None:
    banned = set(
        tomllib.loads(PYPROJECT.read_text())["tool"]["ruff"]["lint"]["flake8-tidy-imports"][
            "banned-api"
        ]
    )
    wanted = {
        f"{_public_module(model)}.{model.__name__}.{manager}"
        for model in person_level_models()
        for manager in ("objects", "_default_manager")
    }
    assert wanted - banned == set()


def test_the_art_30_register_speaks_of_every_person_level_model() -> None:
    assert set(person_level_models()) - register_models() == set()


def test_the_access_request_walks_every_person_level_model() -> None:
    """Her access request (art. 15) and her erasure walk her record from Person; every
    person-level model is reached, or left out on purpose (``records.SKIPPED``)."""
    skipped = {key.rsplit(".", 1)[0] for key in SKIPPED}
    unreached = {
        model._meta.label_lower
        for model in person_level_models()
        if model is not Person and model not in walked_models()
    }
    assert unreached - skipped == set()
