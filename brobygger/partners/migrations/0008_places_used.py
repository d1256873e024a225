"""The places a partner offers and uses: course seats beside internship places and mentor
slots, a counter of what is used of each, and the check constraints that hold each counter
within its offer. The counters start from the rows as they are; an offer that existing rows
already exceed is raised to what they use (recorded reality is not refused afterwards)."""

import django.core.validators
from django.conf import settings
from django.db import migrations, models


def count(apps, schema_editor):
    from collections import Counter

    Organisation = apps.get_model("partners", "Organisation")
    Enrolment = apps.get_model("interventions", "Enrolment")
    Mentorship = apps.get_model("partners", "Mentorship")
    used = {"internship": Counter(), "course": Counter(), "mentor": Counter()}
    open_enrolments = Enrolment.objects.filter(provider__isnull=False, ended_on__isnull=True)
    for provider, kind in open_enrolments.exclude(intervention_type__capacity_kind="").values_list(
        "provider_id", "intervention_type__capacity_kind"
    ):
        used[kind][provider] += 1
    active = Mentorship.objects.filter(status="active", volunteer__organisation__isnull=False)
    for organisation in active.values_list("volunteer__organisation_id", flat=True):
        used["mentor"][organisation] += 1
    touched = set(used["internship"]) | set(used["course"]) | set(used["mentor"])
    for organisation in Organisation.objects.filter(pk__in=touched):
        for kind, counter, offer in (
            ("internship", "places_used", "internship_places"),
            ("course", "seats_used", "course_seats"),
            ("mentor", "mentor_slots_used", "mentor_slots"),
        ):
            n = used[kind][organisation.pk]
            setattr(organisation, counter, n)
            if getattr(organisation, offer) and n > getattr(organisation, offer):
                setattr(organisation, offer, n)
        organisation.save()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0007_partner_links_matched"),
        ("interventions", "0011_intervention_capacity_kind"),
        ("partnerships", "0002_seed_municipalities"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="course_seats",
            field=models.PositiveSmallIntegerField(
                default=0,
                validators=[django.core.validators.MaxValueValidator(500)],
                verbose_name="course seats",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="mentor_slots_used",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="mentor slots used"
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="places_used",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="internship places used"
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="seats_used",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="course seats used"
            ),
        ),
        migrations.RunPython(count, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("internship_places", 0),
                    ("places_used__lte", models.F("internship_places")),
                    _connector="OR",
                ),
                name="partner_places_within_offer",
                violation_error_message="More internship places are in use than that.",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("course_seats", 0),
                    ("seats_used__lte", models.F("course_seats")),
                    _connector="OR",
                ),
                name="partner_seats_within_offer",
                violation_error_message="More course seats are in use than that.",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("mentor_slots", 0),
                    ("mentor_slots_used__lte", models.F("mentor_slots")),
                    _connector="OR",
                ),
                name="partner_mentor_slots_within_offer",
                violation_error_message="More mentor slots are in use than that.",
            ),
        ),
    ]
