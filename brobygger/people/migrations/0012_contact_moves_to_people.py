"""Contact attempts and drop-in visits come from ``outreach`` (state only: the tables keep
their names, ``outreach_contactattempt`` and ``outreach_dropinvisit``, so nothing is copied).

Their content types follow them, so the change history (django-auditlog) and the permissions
that point at them keep pointing at them."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED = ("contactattempt", "dropinvisit")


def _content_types_to(app_label: str):  # type: ignore[no-untyped-def]
    other = "outreach" if app_label == "people" else "people"

    def move(apps, schema_editor):  # type: ignore[no-untyped-def]
        content_type = apps.get_model("contenttypes", "ContentType")
        there = content_type.objects.filter(app_label=app_label, model__in=MOVED)
        if not there.exists():  # on a new database neither exists yet
            content_type.objects.filter(app_label=other, model__in=MOVED).update(
                app_label=app_label
            )

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("outreach", "0012_contact_moves_to_people"),
        ("people", "0011_person_erased_at_person_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ContactAttempt",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "channel",
                            models.CharField(
                                choices=[
                                    ("phone", "Phone"),
                                    ("sms", "SMS"),
                                    ("letter", "Letter"),
                                    ("email", "E-mail"),
                                    ("home_visit", "Home visit"),
                                    ("meeting", "Meeting"),
                                    ("via_partner", "Via a partner"),
                                    ("drop_in", "Drop-in"),
                                ],
                                max_length=20,
                                verbose_name="channel",
                            ),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                choices=[
                                    ("reached", "Reached"),
                                    ("meeting_agreed", "Meeting agreed"),
                                    ("no_answer", "No answer"),
                                    ("left_message", "Message left"),
                                    ("wrong_details", "Wrong number or address"),
                                    ("declined", "Declined contact"),
                                    ("sent", "Sent (letter or message)"),
                                ],
                                max_length=20,
                                verbose_name="outcome",
                            ),
                        ),
                        (
                            "occurred_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="time"
                            ),
                        ),
                        (
                            "note",
                            models.TextField(blank=True, max_length=20000, verbose_name="note"),
                        ),
                        (
                            "made_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="contact_attempts",
                                to="people.person",
                                verbose_name="person",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "contact attempt",
                        "verbose_name_plural": "contact attempts",
                        "db_table": "outreach_contactattempt",
                        "ordering": ["-occurred_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["person", "occurred_at"], name="attempt_person_time"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="DropInVisit",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("occurred_on", models.DateField(verbose_name="date")),
                        (
                            "anonymous_count",
                            models.PositiveSmallIntegerField(
                                default=0,
                                validators=[django.core.validators.MaxValueValidator(500)],
                                verbose_name="anonymous visitors",
                            ),
                        ),
                        (
                            "topic",
                            models.CharField(blank=True, max_length=200, verbose_name="topic"),
                        ),
                        ("recorded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "location",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="visits",
                                to="outreach.outreachlocation",
                                verbose_name="location",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="drop_in_visits",
                                to="people.person",
                                verbose_name="person",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "drop-in visit",
                        "verbose_name_plural": "drop-in visits",
                        "db_table": "outreach_dropinvisit",
                        "ordering": ["-occurred_on", "-id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("anonymous_count", 0), ("person__isnull", False)),
                                    models.Q(("anonymous_count__gte", 1), ("person__isnull", True)),
                                    _connector="OR",
                                ),
                                name="dropin_person_or_count",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(_content_types_to("people"), _content_types_to("outreach")),
    ]
