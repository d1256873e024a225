"""Agreements and status meetings through the services: bad input leaves nothing saved, the
schedule follows the frequency, and held meetings are never touched."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from brobygger.agreements import services
from brobygger.agreements.models import AGENDA, Agreement, AgreementStatus, Party, StatusMeeting
from brobygger.agreements.schedule import add_months, meeting_dates
from brobygger.core.inputs import from_object
from brobygger.testing import Cast

from .factories import FIRST, agreement, agreement_values, organisation


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The services' messages are compared in English."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(cast: Cast) -> list:
    return [
        organisation(cast.viborg, "Kvindernes Netværk"),
        organisation(cast.viborg, "Viborg Idrætsforening"),
    ]


def _save(cast: Cast, parties: list, **changes: object) -> Agreement:
    return services.agreement_save(
        actor=cast.alice,
        municipality=cast.viborg,
        data=agreement_values(**changes),
        parties=[services.PartyValues(organisation=o) for o in parties],
    )


def _minutes(meeting: StatusMeeting, **changes: object) -> services.StatusMeetingData:
    """The meeting as it is stored, with ``changes``."""
    return from_object(services.StatusMeetingData, meeting, **changes)


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def _nothing_saved() -> None:
    assert not Agreement.objects.exists()
    assert not Party.objects.exists()
    assert not StatusMeeting.objects.exists()


def test_an_agreement_with_two_partners_is_saved(cast: Cast, partners: list) -> None:
    saved = _save(cast, partners)

    assert [p.organisation for p in saved.parties.all()] == partners
    assert saved.status == AgreementStatus.DRAFT
    assert saved.created_by == cast.alice
    assert not saved.meetings.exists()  # a draft has no meetings yet


@pytest.mark.parametrize(
    ("parties", "municipality_is_party"),
    [(0, False), (1, False), (0, True)],
    ids=["no parties", "one partner", "only the municipality"],
)
def test_an_agreement_needs_two_parties(
    cast: Cast, partners: list, parties: int, municipality_is_party: bool
) -> None:
    with pytest.raises(ValidationError) as error:
        _save(cast, partners[:parties], municipality_is_party=municipality_is_party)

    assert _messages(error) == "An agreement needs at least two parties."
    _nothing_saved()


def test_one_partner_and_the_municipality_are_two_parties(cast: Cast, partners: list) -> None:
    saved = _save(cast, partners[:1], municipality_is_party=True)

    assert saved.parties.count() == 1 and saved.municipality_is_party


@pytest.mark.parametrize("months", [0, 13])
def test_the_meeting_frequency_is_one_to_twelve_months(
    cast: Cast, partners: list, months: int
) -> None:
    with pytest.raises(ValidationError) as error:
        _save(cast, partners, meeting_every_months=months)

    assert error.value.message_dict == {
        "meeting_every_months": ["Status meetings are held every 1 to 12 months."]
    }
    _nothing_saved()


def test_the_agreement_ends_after_it_starts(cast: Cast, partners: list) -> None:
    with pytest.raises(ValidationError) as error:
        _save(cast, partners, starts_on=date(2027, 5, 1), ends_on=date(2027, 5, 1))

    assert error.value.message_dict["ends_on"] == ["The agreement must end after it starts."]
    _nothing_saved()


def test_the_first_meeting_lies_in_the_period(cast: Cast, partners: list) -> None:
    with pytest.raises(ValidationError) as error:
        _save(cast, partners, first_meeting_on=date(2028, 2, 1))

    assert "within the agreement's period" in _messages(error)
    _nothing_saved()


def test_parties_are_partners_of_the_agreements_municipality(cast: Cast, partners: list) -> None:
    elsewhere = organisation(cast.hedensted, "Hedensted Boldklub")

    with pytest.raises(ValidationError) as error:
        _save(cast, [partners[0], elsewhere])

    assert _messages(error) == "Every party must be a partner of the agreement's municipality."
    _nothing_saved()


def test_a_partner_is_a_party_once(cast: Cast, partners: list) -> None:
    with pytest.raises(ValidationError, match="only once"):
        _save(cast, [partners[0], partners[0]])
    _nothing_saved()


def test_a_partner_waiting_for_review_is_no_party(cast: Cast, partners: list) -> None:
    pending = organisation(cast.viborg, "Ny forening", review="pending")

    with pytest.raises(ValidationError, match="waiting for review"):
        _save(cast, [partners[0], pending])
    _nothing_saved()


def test_a_refused_change_leaves_the_agreement_as_it_was(cast: Cast, partners: list) -> None:
    saved = _save(cast, partners)

    with pytest.raises(ValidationError, match="at least two parties"):
        services.agreement_save(
            actor=cast.alice,
            municipality=cast.viborg,
            data=agreement_values(title="Nyt navn"),
            parties=[services.PartyValues(organisation=partners[0])],
            agreement=Agreement.objects.get(pk=saved.pk),
            version=saved.version,
        )

    saved.refresh_from_db()
    assert saved.title == "Lektiehjælp i Ellekær"
    assert saved.parties.count() == 2


def test_another_municipality_cannot_write_an_agreement(cast: Cast, partners: list) -> None:
    with pytest.raises(PermissionDenied):
        services.agreement_save(
            actor=cast.charlie,
            municipality=cast.viborg,
            data=agreement_values(),
            parties=[services.PartyValues(organisation=o) for o in partners],
        )
    _nothing_saved()


def test_parties_change_in_place(cast: Cast, partners: list) -> None:
    saved = _save(cast, partners)
    third = organisation(cast.viborg, "Lokalhistorisk Forening")
    kept = saved.parties.get(organisation=partners[1])

    services.agreement_save(
        actor=cast.lene,
        municipality=cast.viborg,
        data=from_object(services.AgreementData, saved),
        parties=[
            services.PartyValues(
                organisation=partners[1], resources="Lokaler", signatory_name="Ib"
            ),
            services.PartyValues(organisation=third),
        ],
        agreement=saved,
        version=saved.version,
    )

    parties = list(saved.parties.all())
    assert [p.organisation for p in parties] == [partners[1], third]
    assert parties[0].pk == kept.pk and parties[0].resources == "Lokaler"


# The schedule ------------------------------------------------------------------------------


def test_months_are_counted_from_the_first_meeting() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 1, 31), 2) == date(2027, 3, 31)
    assert add_months(date(2027, 11, 15), 3) == date(2028, 2, 15)
    # 31 January 2027 is a Sunday and 28 February too: both move to the Monday after.
    assert meeting_dates(first=date(2027, 1, 31), every_months=1, until=date(2027, 5, 31)) == [
        date(2027, 2, 1),
        date(2027, 3, 1),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
    ]


def test_activation_plans_the_meetings_every_n_months(cast: Cast, partners: list) -> None:
    saved = agreement(cast.alice, partners, activate=True)

    assert saved.status == AgreementStatus.ACTIVE
    assert list(saved.meetings.values_list("date", flat=True)) == [
        date(2027, 3, 1),
        date(2027, 6, 1),
        date(2027, 9, 1),
        date(2027, 12, 1),
    ]
    assert set(saved.meetings.values_list("place", flat=True)) == {"Beboerhuset"}


def test_without_a_first_meeting_the_first_is_one_interval_after_the_start(
    cast: Cast, partners: list
) -> None:
    saved = agreement(cast.alice, partners, activate=True, first_meeting_on=None)

    assert saved.meetings.first().date == date(2027, 4, 5)  # type: ignore[union-attr]


def test_only_a_draft_is_activated(cast: Cast, partners: list) -> None:
    saved = agreement(cast.alice, partners, activate=True)

    with pytest.raises(ValidationError, match="Only a draft"):
        services.agreement_activate(actor=cast.alice, agreement=saved)
    assert saved.meetings.count() == 4


def test_rescheduling_keeps_held_meetings_and_written_minutes(cast: Cast, partners: list) -> None:
    saved = agreement(cast.alice, partners, activate=True)
    march, _june, september, _december = saved.meetings.all()
    services.status_meeting_save(
        actor=cast.alice,
        meeting=march,
        data=_minutes(march, held=True, how_is_it_going="Godt", next_goal="Flere frivillige"),
        today=date(2027, 3, 2),
    )
    services.status_meeting_save(
        actor=cast.alice,
        meeting=september,
        data=_minutes(september, participants="Formændene"),
        today=date(2027, 3, 2),
    )

    # Every half year from April on: the meeting on 1 September stays, with what it holds.
    saved = services.agreement_save(
        actor=cast.alice,
        municipality=cast.viborg,
        data=from_object(services.AgreementData, saved, meeting_every_months=6),
        parties=[services.PartyValues(organisation=o) for o in partners],
        agreement=saved,
        version=saved.version,
        today=date(2027, 4, 1),
    )

    meetings = list(saved.meetings.all())
    assert [m.date for m in meetings] == [date(2027, 3, 1), date(2027, 9, 1)]
    assert meetings[0].pk == march.pk and meetings[0].held
    assert meetings[0].how_is_it_going == "Godt"
    assert meetings[1].pk == september.pk and meetings[1].participants == "Formændene"

    # A new first meeting: the past of the new schedule is not filled in, the held one stays.
    services.agreement_save(
        actor=cast.alice,
        municipality=cast.viborg,
        data=from_object(services.AgreementData, saved, first_meeting_on=date(2027, 2, 1)),
        parties=[services.PartyValues(organisation=o) for o in partners],
        agreement=saved,
        version=saved.version,
        today=date(2027, 4, 1),
    )

    # 1 August 2027 is a Sunday.
    assert list(saved.meetings.values_list("date", "held")) == [
        (date(2027, 3, 1), True),
        (date(2027, 8, 2), False),
    ]


def test_a_change_outside_the_schedule_leaves_the_meetings(cast: Cast, partners: list) -> None:
    saved = agreement(cast.alice, partners, activate=True)
    before = list(saved.meetings.values_list("pk", "date"))

    services.agreement_save(
        actor=cast.alice,
        municipality=cast.viborg,
        data=from_object(services.AgreementData, saved, title="Lektiecaféen"),
        parties=[services.PartyValues(organisation=o) for o in partners],
        agreement=saved,
        version=saved.version,
        today=date(2027, 4, 1),
    )

    assert list(saved.meetings.values_list("pk", "date")) == before


def test_ending_removes_the_meetings_not_held(cast: Cast, partners: list) -> None:
    saved = agreement(cast.alice, partners, activate=True)

    services.agreement_end(actor=cast.alice, agreement=saved, today=date(2027, 7, 1))

    assert saved.status == AgreementStatus.ENDED
    assert list(saved.meetings.values_list("date", flat=True)) == [
        date(2027, 3, 1),
        date(2027, 6, 1),
    ]
    with pytest.raises(ValidationError, match="ended cannot be changed"):
        services.agreement_save(
            actor=cast.alice,
            municipality=cast.viborg,
            data=from_object(services.AgreementData, saved, title="Igen"),
            parties=[services.PartyValues(organisation=o) for o in partners],
            agreement=saved,
            version=saved.version,
        )


def test_a_meeting_in_the_future_is_not_held(cast: Cast, partners: list) -> None:
    meeting = agreement(cast.alice, partners, activate=True).meetings.first()
    assert meeting is not None and meeting.date == FIRST

    with pytest.raises(ValidationError) as error:
        services.status_meeting_save(
            actor=cast.alice,
            meeting=meeting,
            data=_minutes(meeting, held=True),
            today=date(2027, 2, 1),
        )

    assert error.value.message_dict == {
        "held": ["A meeting in the future cannot be marked as held."]
    }
    meeting.refresh_from_db()
    assert not meeting.held


def test_two_meetings_of_an_agreement_are_not_on_one_day(cast: Cast, partners: list) -> None:
    march, june, *_rest = agreement(cast.alice, partners, activate=True).meetings.all()

    with pytest.raises(ValidationError, match="already has a status meeting that day"):
        services.status_meeting_save(
            actor=cast.alice,
            meeting=june,
            data=_minutes(june, date=march.date),
            today=date(2027, 1, 1),
        )


def test_a_held_meeting_cannot_be_cancelled(cast: Cast, partners: list) -> None:
    march, june, *_rest = agreement(cast.alice, partners, activate=True).meetings.all()
    services.status_meeting_save(
        actor=cast.alice, meeting=march, data=_minutes(march, held=True), today=date(2027, 3, 1)
    )

    with pytest.raises(ValidationError, match="cannot be cancelled"):
        services.status_meeting_cancel(actor=cast.alice, meeting=march)
    services.status_meeting_cancel(actor=cast.alice, meeting=june)

    assert StatusMeeting.objects.filter(pk=march.pk).exists()
    assert not StatusMeeting.objects.filter(pk=june.pk).exists()


def test_the_meeting_data_holds_every_item_of_the_agenda() -> None:
    names = {field.name for field in dataclasses.fields(services.StatusMeetingData)}

    assert {name for name, _question in AGENDA} <= names
