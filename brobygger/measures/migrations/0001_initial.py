"""A partnership's targets for the success criteria come from ``interventions`` (state only: the
table keeps its name, ``interventions_criteriontarget``, so nothing is copied).

Its content type follows it, so the change history (django-auditlog) and the permissions that
point at it keep pointing at it."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("criteriontarget",)


def _content_types_to(app_label: str):  # type: ignore[no-untyped-def]
    other = "interventions" if app_label == "measures" else "measures"

    def move(apps, schema_editor):  # type: ignore[no-untyped-def]
        content_type = apps.get_model("contenttypes", "ContentType")
        there = content_type.objects.filter(app_label=app_label, model__in=MOVED)
        if not there.exists():  # on a new database neither exists yet
            content_type.objects.filter(app_label=other, model__in=MOVED).update(
                app_label=app_label
            )

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("interventions", "0009_criterion_target_moves_to_measures"),
        ("partnerships", "0002_seed_municipalities"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CriterionTarget",
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
                        ("key", models.CharField(max_length=20, verbose_name="criterion")),
                        (
                            "target",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=3,
                                validators=[
                                    django.core.validators.MinValueValidator(0),
                                    django.core.validators.MaxValueValidator(1),
                                ],
                                verbose_name="target",
                            ),
                        ),
                        ("changed_at", models.DateTimeField(auto_now=True, verbose_name="changed")),
                        (
                            "changed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="changed by",
                            ),
                        ),
                        (
                            "partnership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="criterion_targets",
                                to="partnerships.partnership",
                                verbose_name="partnership",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "target",
                        "verbose_name_plural": "targets",
                        "db_table": "interventions_criteriontarget",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("partnership", "key"), name="one_target_per_criterion"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("target__gte", 0), ("target__lte", 1)),
                                name="target_is_a_share",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(_content_types_to("measures"), _content_types_to("interventions")),
    ]
