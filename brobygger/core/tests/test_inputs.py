"""The typed inputs of the services: built from a form, from a record, and read back."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from brobygger.core.inputs import as_values, from_cleaned_data, from_object


@dataclass(frozen=True, kw_only=True)
class Thing:
    title: str
    tags: list[str] = field(default_factory=list)
    note: str = ""


def test_from_cleaned_data_reads_the_fields_and_leaves_the_rest() -> None:
    data = from_cleaned_data(
        Thing, {"title": "Café", "tags": ["a"], "note": "", "municipality": object()}
    )

    assert data == Thing(title="Café", tags=["a"], note="")


def test_given_values_fill_in_or_override_the_form() -> None:
    data = from_cleaned_data(Thing, {"title": "Café", "note": "x"}, tags=["b"], note="y")

    assert data == Thing(title="Café", tags=["b"], note="y")


def test_a_field_the_form_lacks_is_an_error_not_a_default() -> None:
    with pytest.raises(KeyError, match="Thing: the form has no tags, note"):
        from_cleaned_data(Thing, {"title": "Café"})


def test_a_form_that_creates_may_leave_fields_to_their_defaults() -> None:
    data = from_cleaned_data(Thing, {"title": "Café"}, fill_defaults=True)

    assert data == Thing(title="Café", tags=[], note="")


def test_from_object_starts_from_what_the_record_holds() -> None:
    record = SimpleNamespace(title="Café", tags=["a"], note="gammel", other=1)

    assert from_object(Thing, record, note="ny") == Thing(title="Café", tags=["a"], note="ny")


def test_as_values_does_not_copy_what_the_fields_hold() -> None:
    tags = ["a"]
    values = as_values(Thing(title="Café", tags=tags))

    assert values == {"title": "Café", "tags": ["a"], "note": ""}
    assert values["tags"] is tags
