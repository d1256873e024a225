"""Rewrite every survey's answers in a random order with new random ids.

Answers written before this release lie in the database in the order staff answered (SQLite's
rowid, PostgreSQL's physical order), which the access log's times would tie to the staff
members; from now on every answer rewrites its survey's answers (services.survey_answer)."""

import secrets
import uuid

from django.db import migrations


def rewrite_answers(apps, schema_editor):
    Survey = apps.get_model("knowledge", "Survey")
    SurveyResponse = apps.get_model("knowledge", "SurveyResponse")
    SurveyPick = apps.get_model("knowledge", "SurveyPick")
    shuffle = secrets.SystemRandom().shuffle
    for survey in Survey.objects.filter(responses__isnull=False).distinct():
        answers = [
            (response.self_placement, [(p.statement_id, p.kind) for p in response.picks.all()])
            for response in SurveyResponse.objects.filter(survey=survey).prefetch_related("picks")
        ]
        SurveyResponse.objects.filter(survey=survey).delete()
        shuffle(answers)
        responses = [
            SurveyResponse(id=uuid.uuid4(), survey=survey, self_placement=placement)
            for placement, _picks in answers
        ]
        SurveyResponse.objects.bulk_create(responses)
        picks = [
            SurveyPick(id=uuid.uuid4(), response=response, statement_id=statement, kind=kind)
            for response, (_placement, chosen) in zip(responses, answers, strict=True)
            for statement, kind in chosen
        ]
        shuffle(picks)
        SurveyPick.objects.bulk_create(picks)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_seed_library"),
    ]

    operations = [
        migrations.RunPython(rewrite_answers, migrations.RunPython.noop, elidable=True),
    ]
