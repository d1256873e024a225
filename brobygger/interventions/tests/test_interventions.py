"""Enrolments, outcomes and the confidence measure on a person's page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.interventions.models import (
    Completion,
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    ProgressionAssessment,
    ProgressionDimension,
)
from brobygger.interventions.selectors import person_confidence
from brobygger.interventions.services import (
    ConfidenceData,
    EnrolmentData,
    confidence_record,
    enrolment_save,
)
from brobygger.partners.models import Organisation
from brobygger.partners.tests.factories import OrganisationFactory
from brobygger.people.merging import person_merge
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _praktik() -> InterventionType:
    return InterventionType.objects.get(name="Virksomhedspraktik")


def test_the_catalogue_is_seeded_with_the_criteria_flags() -> None:
    assert InterventionType.objects.count() >= 12
    assert InterventionType.objects.get(name="Madklub og sociale aktiviteter").network_oriented
    assert _praktik().company_oriented
    assert not _praktik().network_oriented


def test_enrol_then_end_with_a_result(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    netto = OrganisationFactory(municipality=person.municipality, name="Netto Viborg", company=True)
    client.force_login(cast.alice)
    url = reverse("interventions:person", kwargs={"person_id": person.pk})

    response = client.post(
        url,
        {
            "form": "enrolment",
            "enrolment-intervention_type": str(_praktik().pk),
            "enrolment-provider": str(netto.pk),
            "enrolment-started_on": "01.09.2026",
            "enrolment-completion": Completion.ONGOING,
        },
    )

    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert (enrolment.person, enrolment.provider, enrolment.recorded_by) == (
        person,
        netto,
        cast.alice,
    )
    response = client.post(
        reverse("interventions:enrolment-update", kwargs={"enrolment_id": enrolment.pk}),
        {
            "intervention_type": str(_praktik().pk),
            "provider": str(netto.pk),
            "started_on": "01.09.2026",
            "ended_on": "30.10.2026",
            "completion": Completion.COMPLETED,
            "result": "Tilbudt løntilskud",
            "version": str(enrolment.version),
        },
    )
    enrolment.refresh_from_db()
    assert (enrolment.completion, enrolment.ended_on) == (Completion.COMPLETED, date(2026, 10, 30))
    assert AccessLogEntry.objects.filter(action=AccessAction.CHANGE, person_id=person.pk).exists()
    page = client.get(url).content.decode()
    assert "Tilbudt løntilskud" in page
    assert "Netto Viborg" in page


def test_a_new_provider_is_created_with_the_enrolment_or_nothing_is(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory()
    client.force_login(cast.alice)
    url = reverse("interventions:person", kwargs={"person_id": person.pk})
    form = {
        "form": "enrolment",
        "enrolment-intervention_type": str(_praktik().pk),
        "enrolment-new_partner_name": "Sprogcenter Midt",
        "enrolment-new_partner_kind": "education_provider",
        "enrolment-started_on": "01.09.2026",
        "enrolment-completion": Completion.ONGOING,
    }

    company_without_cvr = client.post(url, {**form, "enrolment-new_partner_kind": "company"})
    assert company_without_cvr.status_code == 400
    assert company_without_cvr.context["forms"]["enrolment"].errors["new_partner_cvr"]
    assert not Enrolment.objects.exists()
    assert not Organisation.objects.exists()

    assert client.post(url, form).status_code == 302
    enrolment = Enrolment.objects.select_related("provider").get()
    assert enrolment.provider is not None
    assert (enrolment.provider.name, enrolment.provider.kind) == (
        "Sprogcenter Midt",
        "education_provider",
    )
    assert enrolment.provider.municipality == person.municipality


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ended_on": date(2026, 8, 1), "completion": Completion.COMPLETED}, "ended_on"),
        ({"ended_on": date(2026, 10, 1), "completion": Completion.ONGOING}, "completion"),
        ({"completion": Completion.DROPPED_OUT}, "ended_on"),
        ({"started_on": timezone.localdate() + timedelta(days=3)}, "started_on"),
    ],
)
def test_enrolment_dates_must_make_sense(cast: Cast, values: dict[str, object], field: str) -> None:
    person = PersonFactory()
    base = {
        "intervention_type": _praktik(),
        "started_on": date(2026, 9, 1),
        "completion": Completion.ONGOING,
    }
    with pytest.raises(ValidationError) as error:
        enrolment_save(actor=cast.alice, person=person, data=EnrolmentData(**{**base, **values}))
    assert field in error.value.message_dict
    assert not Enrolment.objects.exists()


def test_outcome_and_confidence_through_the_page(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    client.force_login(cast.alice)
    url = reverse("interventions:person", kwargs={"person_id": person.pk})

    client.post(
        url,
        {
            "form": "outcome",
            "outcome-kind": "ordinary_job",
            "outcome-started_on": "02.11.2026",
            "outcome-organisation": "Arla",
            "outcome-weekly_hours": "22.5",
        },
    )
    client.post(
        url, {"form": "confidence", "confidence-measured_on": "01.06.2026", "confidence-score": "3"}
    )
    client.post(
        url, {"form": "confidence", "confidence-measured_on": "01.11.2026", "confidence-score": "7"}
    )

    outcome = Outcome.objects.get()
    assert (outcome.organisation, str(outcome.weekly_hours)) == ("Arla", "22.5")
    trend = person_confidence(user=cast.alice, person=person)
    assert (trend.first.score, trend.latest.score, trend.change, trend.higher) == (3, 7, 4, True)  # type: ignore[union-attr]
    assert "Higher than at the first conversation." in client.get(url).content.decode()


def test_a_single_answer_is_not_higher(cast: Cast) -> None:
    person = PersonFactory()
    confidence_record(
        actor=cast.alice,
        person=person,
        data=ConfidenceData(measured_on=timezone.localdate(), score=9),
    )
    trend = person_confidence(user=cast.alice, person=person)
    assert (trend.change, trend.higher) == (None, False)


def test_invalid_score_is_refused_and_nothing_saved(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    client.force_login(cast.alice)
    response = client.post(
        reverse("interventions:person", kwargs={"person_id": person.pk}),
        {"form": "confidence", "confidence-measured_on": "01.06.2026", "confidence-score": "11"},
    )
    assert response.status_code == 400
    assert not ConfidenceMeasure.objects.exists()


def test_a_merge_moves_enrolments_and_outcomes(cast: Cast) -> None:
    kept, other = PersonFactory(), PersonFactory()
    enrolment_save(
        actor=cast.alice,
        person=other,
        data=EnrolmentData(
            intervention_type=_praktik(),
            started_on=date(2026, 9, 1),
        ),
    )
    confidence_record(
        actor=cast.alice, person=other, data=ConfidenceData(measured_on=date(2026, 9, 1), score=4)
    )

    person_merge(actor=cast.alice, survivor=kept, merged=other)

    assert Enrolment.objects.get().person == kept
    assert ConfidenceMeasure.objects.get().person == kept


def test_volunteer_coordinator_sees_nothing(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    client.force_login(cast.bob)
    response = client.get(reverse("interventions:person", kwargs={"person_id": person.pk}))
    assert response.status_code == 404


def test_progression_card_filled_charted_and_printed(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    enrolment = enrolment_save(
        actor=cast.alice,
        person=person,
        data=EnrolmentData(
            intervention_type=_praktik(),
            started_on=date(2026, 9, 1),
        ),
    )
    dimensions = list(ProgressionDimension.objects.filter(is_active=True))
    client.force_login(cast.alice)
    url = reverse("interventions:enrolment", kwargs={"enrolment_id": enrolment.pk})

    for day, score in (("07.09.2026", "2"), ("05.10.2026", "4")):
        response = client.post(
            url,
            {
                "assessed_on": day,
                "assessor": "mentor",
                "assessor_name": "Lone, Netto",
                f"score_{dimensions[0].pk}": score,
                f"note_{dimensions[0].pk}": "Taler mere dansk",
            },
        )
        assert response.status_code == 302

    assert ProgressionAssessment.objects.count() == 2
    page = client.get(url).content.decode()
    assert 'data-chart="progression-chart"' in page
    assert '"data": [2, 4]' in page
    pdf = client.get(
        reverse("interventions:progression-pdf", kwargs={"enrolment_id": enrolment.pk})
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(
        action=AccessAction.EXPORT, person_id=person.pk, row_count=2
    ).exists()


def test_a_card_without_scores_is_refused(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    enrolment = enrolment_save(
        actor=cast.alice,
        person=person,
        data=EnrolmentData(
            intervention_type=_praktik(),
            started_on=date(2026, 9, 1),
        ),
    )
    client.force_login(cast.alice)

    response = client.post(
        reverse("interventions:enrolment", kwargs={"enrolment_id": enrolment.pk}),
        {"assessed_on": "07.09.2026", "assessor": "mentor"},
    )

    assert response.status_code == 400
    assert "Give a score for at least one line of the card." in response.content.decode()
    assert not ProgressionAssessment.objects.exists()
