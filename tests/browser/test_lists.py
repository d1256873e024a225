"""A list with known truth through the import wizard, then its review pair merged and undone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from brobygger.linkage.models import CandidateStatus, DuplicateCandidate, ImportBatch, ImportRow
from brobygger.linkage.tests.fixture_list import FIXTURE_LIST, TRUTH, fixture_registry
from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser


def test_import_a_list_and_review_its_pair(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    registry = fixture_registry(live_cast)
    browser = logged_in("alice")
    page = browser.page

    browser.visit("/lists/", "lists")
    browser.submit(page.locator("[data-testid=import-new]"), "upload-form")
    page.fill("#id_new_source_name", "Garantistillelser 2026")
    page.select_option("#id_method", label="Liste over garantistillelser (familiesammenføring)")
    page.set_input_files("#id_file", str(FIXTURE_LIST))
    browser.submit(page.locator("[data-testid=upload]"), "columns")

    # The headers of the Excel export are recognised; Windows-1252 is detected.
    assert page.locator("#id_column_1").input_value() == "first_name"
    assert page.locator("#id_column_4").input_value() == "cpr"
    assert page.locator("#id_encoding").input_value() == "cp1252"
    expect(page.locator("table")).to_contain_text("Løbenr")
    browser.submit(page.locator("[data-testid=map]"), "preview")

    problems = page.locator("[data-testid=problems]")
    expect(problems).to_contain_text("Række 12, kolonne „Fornavn“: fornavnet mangler.")
    expect(problems).to_contain_text("Række 13, kolonne „Løbenr“: id’et „101“ står også i række 2.")
    expect(problems).to_contain_text("„31-02-1980“ er ikke en fødselsdato")
    browser.submit(page.locator("[data-testid=start]"), "result")

    status = page.locator("[data-testid=import-status]")
    expect(status).to_have_attribute("data-status", "done")
    # The result adds up: every row of the list has exactly one outcome (new people sent to the
    # review queue are counted there, not also as new).
    expected = {"new": 5, "matched": 5, "duplicates": 1, "review": 1, "rejected": 2}
    for name, count in expected.items():
        assert page.locator(f"[data-testid=count-{name}]").inner_text() == str(count), name
    rows = page.locator("[data-testid=count-rows]").inner_text()
    assert rows == str(sum(expected.values())) == str(len(TRUTH))
    batch = ImportBatch.objects.get()
    outcomes = dict(ImportRow.objects.filter(batch=batch).values_list("row_number", "outcome"))
    assert outcomes == {row: outcome for row, (outcome, _who) in TRUTH.items()}
    expect(page.locator("[data-testid=rejected-rows]")).to_contain_text("Række 12")

    # The uncertain pair, side by side with the evidence per field.
    browser.submit(page.locator("[data-testid=review-batch]"), "review-queue")
    browser.submit(page.locator("[data-testid=pair]"), "pair")
    table = page.locator("[data-testid=side-by-side]")
    expect(table).to_contain_text("Yousef")
    expect(table).to_contain_text("samme navn, anden stavemåde")
    browser.submit(page.locator("[data-testid=decide-same]"), "merged")
    candidate = DuplicateCandidate.objects.get()
    assert candidate.status == CandidateStatus.MERGED
    registry["amina"].refresh_from_db()
    assert "Amina Yousef" in registry["amina"].name_variants

    browser.visit(f"/lists/review/{candidate.pk}/", "merged-pair")
    browser.submit(page.locator("[data-testid=undo]"), "undone")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN
    expect(page.locator("[data-testid=pair-status]")).to_have_text("Skal vurderes")
