"""The first conversation as a structured record (with her baseline confidence answer,
written through the interventions app), and follow-ups in the same shape."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from brobygger.cases.models import Conversation, ConversationKind
from brobygger.cases.services import ConversationData, conversation_record
from brobygger.interventions.models import ConfidenceMeasure
from brobygger.interventions.selectors import person_confidence
from brobygger.interventions.services import ConfidenceData
from brobygger.languages.models import Language
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


FIRST = {
    "kind": "first",
    "held_on": "20.11.2026",
    "participants": "Hun, Alice og en tolk",
    "education_level": "secondary",
    "education_country": "sy",
    "education": "Gymnasium i Aleppo",
    "work_experience": "Syerske i fem år",
    "danish_level": "little",
    "driving_licence": "learning",
    "health_and_care": "Passer sin mor om eftermiddagen",
    "job_wishes": "Arbejde i et køkken",
    "education_wishes": "Danskuddannelse modul 3",
    "activity_wishes": "Madklub",
    "barrier_childcare": "on",
    "barrier_transport": "on",
    "barriers": "Ingen bil, bussen går sjældent",
    "score": "4",
    "score_note": "Det er svært uden dansk",
}


def test_the_first_conversation_through_the_page(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    arabic = Language.objects.get(code="ar")
    client.force_login(cast.alice)
    url = reverse("cases:conversation-create", kwargs={"person_id": person.pk})
    assert client.get(url).status_code == 200

    response = client.post(url, {**FIRST, "interpreter_language": arabic.pk})

    assert response.status_code == 302, response.content.decode()[:2000]
    conversation = Conversation.objects.get(person=person)
    assert conversation.kind == ConversationKind.FIRST
    assert conversation.interpreter_language == arabic
    assert conversation.education_country == "SY"
    assert conversation.barrier_labels == ["childcare", "transport"]
    assert conversation.recorded_by == cast.alice
    measure = ConfidenceMeasure.objects.get(person=person)
    assert (measure.score, measure.measured_on, measure.note) == (
        4,
        date(2026, 11, 20),
        "Det er svært uden dansk",
    )
    assert conversation.confidence == measure
    assert person_confidence(user=cast.alice, person=person).first == measure

    detail = client.get(reverse("cases:conversation", kwargs={"conversation_id": conversation.pk}))
    assert "Arbejde i et køkken" in detail.content.decode()
    page = client.get(reverse("people:detail", kwargs={"person_id": person.pk})).content.decode()
    assert "First conversation" in page and "4/10" in page


def test_the_baseline_answer_is_required_with_a_danish_message_at_the_field(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory()
    client.cookies["brobygger_language"] = "da"
    client.force_login(cast.alice)
    url = reverse("cases:conversation-create", kwargs={"person_id": person.pk})

    response = client.post(url, {**FIRST, "score": "", "held_on": "31.12.2026"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Dette felt er påkrævet." in page
    assert not Conversation.objects.exists() and not ConfidenceMeasure.objects.exists()


def test_the_date_cannot_be_in_the_future(cast: Cast) -> None:
    with pytest.raises(ValidationError) as raised:
        conversation_record(
            actor=cast.alice,
            person=PersonFactory(),
            data=ConversationData(kind="first", held_on=date(2026, 12, 1), participants="Hun"),
            confidence=ConfidenceData(measured_on=date(2026, 12, 1), score=5),
        )
    assert "held_on" in raised.value.message_dict
    assert not ConfidenceMeasure.objects.exists()


def test_one_first_conversation_then_follow_ups(cast: Cast) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as raised:
        conversation_record(
            actor=cast.alice,
            person=person,
            data=ConversationData(kind="follow_up", held_on=date(2026, 11, 2), participants="Hun"),
            confidence=None,
        )
    assert "kind" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        conversation_record(
            actor=cast.alice,
            person=person,
            data=ConversationData(kind="first", held_on=date(2026, 11, 2), participants="Hun"),
            confidence=None,
        )
    assert "score" in raised.value.message_dict

    first = conversation_record(
        actor=cast.alice,
        person=person,
        data=ConversationData(kind="first", held_on=date(2026, 11, 2), participants="Hun"),
        confidence=ConfidenceData(measured_on=date(2026, 11, 2), score=3),
    )
    with pytest.raises(ValidationError):
        conversation_record(
            actor=cast.alice,
            person=person,
            data=ConversationData(kind="first", held_on=date(2026, 11, 20), participants="Hun"),
            confidence=ConfidenceData(measured_on=date(2026, 11, 20), score=3),
        )
    follow_up = conversation_record(
        actor=cast.alice,
        person=person,
        data=ConversationData(
            kind="follow_up", held_on=date(2026, 11, 20), participants="Hun", job_wishes="Køkken"
        ),
        confidence=ConfidenceData(measured_on=date(2026, 11, 20), score=6),
    )
    without_answer = conversation_record(
        actor=cast.alice,
        person=person,
        data=ConversationData(kind="follow_up", held_on=date(2026, 11, 21), participants="Hun"),
        confidence=None,
    )
    assert without_answer.confidence is None
    trend = person_confidence(user=cast.alice, person=person)
    assert trend.first == first.confidence and trend.latest == follow_up.confidence
    assert trend.higher  # criterion 5: before and after


def test_the_form_offers_a_follow_up_after_the_first(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    conversation_record(
        actor=cast.alice,
        person=person,
        data=ConversationData(kind="first", held_on=date(2026, 11, 2), participants="Hun"),
        confidence=ConfidenceData(measured_on=date(2026, 11, 2), score=3),
    )
    client.force_login(cast.alice)
    url = reverse("cases:conversation-create", kwargs={"person_id": person.pk})
    page = client.get(url).content.decode()
    assert "Follow-up conversation" in page
    response = client.post(
        url, {"kind": "follow_up", "held_on": "20.11.2026", "participants": "Hun"}
    )
    assert response.status_code == 302
    assert Conversation.objects.filter(person=person, kind="follow_up").count() == 1


def test_who_records_and_who_sees(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    with pytest.raises(PermissionDenied):
        conversation_record(
            actor=cast.charlie,
            person=person,
            data=ConversationData(kind="first", held_on=date(2026, 11, 2), participants="Hun"),
            confidence=ConfidenceData(measured_on=date(2026, 11, 2), score=3),
        )
    conversation = conversation_record(
        actor=cast.alice,
        person=person,
        data=ConversationData(kind="first", held_on=date(2026, 11, 2), participants="Hun"),
        confidence=ConfidenceData(measured_on=date(2026, 11, 2), score=3),
    )
    for outsider in (cast.charlie, cast.bob, cast.kim):
        client.force_login(outsider)
        url = reverse("cases:conversation", kwargs={"conversation_id": conversation.pk})
        assert client.get(url).status_code == 404
        create = reverse("cases:conversation-create", kwargs={"person_id": person.pk})
        assert client.post(create, FIRST).status_code == 404
    assert Conversation.objects.count() == 1


def test_a_conversation_is_corrected_and_its_kind_and_answer_stay(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory()
    client.force_login(cast.alice)
    client.post(reverse("cases:conversation-create", kwargs={"person_id": person.pk}), FIRST)
    conversation = Conversation.objects.get(person=person)
    url = reverse("cases:conversation-edit", kwargs={"conversation_id": conversation.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="score"' not in page.content.decode()

    corrected = {**FIRST, "kind": "follow_up", "job_wishes": "Arbejde i en børnehave"}
    response = client.post(url, corrected)

    assert response.status_code == 302, response.content.decode()[:1500]
    conversation.refresh_from_db()
    assert conversation.job_wishes == "Arbejde i en børnehave"
    assert conversation.kind == ConversationKind.FIRST  # the kind cannot be changed
    assert ConfidenceMeasure.objects.filter(person=person).count() == 1
    assert client.post(url, {**corrected, "held_on": "01.01.2030"}).status_code == 400
    client.force_login(cast.charlie)
    assert client.get(url).status_code == 404
