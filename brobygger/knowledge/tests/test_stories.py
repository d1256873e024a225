"""Success stories: anonymous, shared with the partnership only with the citizen's consent."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from brobygger.core.inputs import from_object
from brobygger.knowledge import services
from brobygger.knowledge.models import ConsentScope, StoryStatus, SuccessStory
from brobygger.partnerships.models import Partnership
from brobygger.people.models import Person
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


DRAFT = {"title": "Fra kvindecaféen til job", "text": "Hun startede i praktik.", "status": "draft"}
CONSENT = {"consent_given_on": "02.11.2026", "consent_method": "written"}


def _story(cast: Cast, **values: object) -> SuccessStory:
    return services.success_story_create(
        actor=cast.alice,
        municipality=cast.viborg,
        data=services.SuccessStoryData(**{"title": "Historien", "text": "Hun fik job.", **values}),
    )


def test_a_story_names_nobody() -> None:
    related = {f.related_model for f in SuccessStory._meta.get_fields() if f.is_relation}
    assert Person not in related


def test_publishing_without_consent_is_refused_and_nothing_is_saved(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    url = reverse("knowledge:story-create")

    response = client.post(url, {**DRAFT, "status": "published"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Record the date the citizen gave consent before publishing." in page
    assert "Record whether the consent was written or oral before publishing." in page
    assert not SuccessStory.objects.exists()


def test_consent_for_internal_use_does_not_allow_publishing(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    story = _story(cast)
    url = reverse("knowledge:story-update", kwargs={"story_id": story.pk})

    response = client.post(
        url,
        {
            **DRAFT,
            **CONSENT,
            "title": "Ny titel",
            "status": "published",
            "consent_scope": "internal",
        },
    )

    assert "The consent covers internal use only" in response.content.decode()
    story.refresh_from_db()
    assert (story.title, story.status, story.consent_given_on) == ("Historien", "draft", None)


def test_publishing_with_consent_records_who_and_when(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    story = _story(cast)
    client.force_login(cast.lene)
    url = reverse("knowledge:story-update", kwargs={"story_id": story.pk})

    response = client.post(
        url, {**DRAFT, **CONSENT, "status": "published", "consent_scope": "partnership"}
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    assert story.consent_given_on == date(2026, 11, 2)
    assert story.consent_recorded_by == cast.lene and story.created_by == cast.alice
    assert story.published_on == date(2026, 11, 23)
    # An edit that leaves the consent alone keeps who recorded it.
    services.success_story_update(
        actor=cast.alice,
        story=story,
        data=from_object(services.SuccessStoryData, story, title="Kortere"),
    )
    story.refresh_from_db()
    assert story.consent_recorded_by == cast.lene and story.published_on == date(2026, 11, 23)


def test_consent_cannot_lie_in_the_future(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        _story(cast, consent_given_on=date(2026, 12, 1))
    assert "consent_given_on" in error.value.message_dict


def test_the_database_refuses_a_published_story_without_consent(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SuccessStory.objects.create(
            municipality=cast.viborg, title="x", text="x", status=StoryStatus.PUBLISHED
        )


def test_published_stories_are_the_partnerships_drafts_the_municipalitys(
    client: Client, cast: Cast
) -> None:
    draft = _story(cast, title="Kladde")
    published = _story(
        cast,
        title="Offentliggjort",
        status="published",
        consent_given_on=date(2026, 11, 1),
        consent_method="oral",
        consent_scope=ConsentScope.PUBLIC,
    )
    draft_url = reverse("knowledge:story-detail", kwargs={"story_id": draft.pk})
    published_url = reverse("knowledge:story-detail", kwargs={"story_id": published.pk})

    # Charlie (Hedensted, same partnership) and Eva (evaluator) read the published story only.
    for reader in (cast.charlie, cast.eva):
        client.force_login(reader)
        listing = client.get(reverse("knowledge:story-list")).content.decode()
        assert "Offentliggjort" in listing and "Kladde" not in listing
        assert client.get(published_url).status_code == 200
        assert client.get(draft_url).status_code == 404
    # Charlie writes stories, but not Viborg's.
    client.force_login(cast.charlie)
    edit = reverse("knowledge:story-update", kwargs={"story_id": published.pk})
    assert client.get(edit).status_code == 404
    assert client.post(edit, DRAFT).status_code == 404
    with pytest.raises(PermissionDenied):
        services.success_story_update(
            actor=cast.charlie,
            story=published,
            data=from_object(services.SuccessStoryData, published, title="x"),
        )
    # Viborg's staff and the partnership's coordinator read both and may edit.
    for writer in (cast.bob, cast.lene, cast.kim):
        client.force_login(writer)
        assert client.get(draft_url).status_code == 200
        assert 'data-testid="story-edit"' in client.get(published_url).content.decode()


def test_a_partnership_without_viborg_does_not_read_its_stories(client: Client, cast: Cast) -> None:
    published = _story(
        cast,
        status="published",
        consent_given_on=date(2026, 11, 1),
        consent_method="written",
        consent_scope=ConsentScope.PARTNERSHIP,
    )
    # Charlie leaves the shared partnership: Viborg's published story is out of reach.
    cast.partnership.municipalities.remove(cast.hedensted)
    Partnership.objects.create(
        name="Hedensted alene", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    ).municipalities.set([cast.hedensted])
    client.force_login(cast.charlie)
    url = reverse("knowledge:story-detail", kwargs={"story_id": published.pk})
    assert client.get(url).status_code == 404


def test_coordinator_chooses_the_municipality_caseworker_does_not(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    form = client.get(reverse("knowledge:story-create")).content.decode()
    assert 'type="hidden" name="municipality"' in form
    client.force_login(cast.kim)
    form = client.get(reverse("knowledge:story-create")).content.decode()
    assert '<select name="municipality"' in form
    client.post(reverse("knowledge:story-create"), {**DRAFT, "municipality": cast.hedensted.pk})
    assert SuccessStory.objects.get().municipality == cast.hedensted
    # Eva shares no knowledge: no form.
    client.force_login(cast.eva)
    assert client.get(reverse("knowledge:story-create")).status_code == 404
