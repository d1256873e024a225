"""The free text that named a partner (an activity's partner, an enrolment's provider, a
source's note) linked to the partner record it matches: same municipality first, else a
municipality of the same partnership; a text that matches none or several stays as it is
(``brobygger partner_links_report`` lists them)."""

from django.db import migrations

from brobygger.partners.links import links_match, partner_index, text_fields


def link(apps, schema_editor):
    index = partner_index(
        apps.get_model("partners", "Organisation"), apps.get_model("partnerships", "Partnership")
    )
    links_match(
        index,
        text_fields(
            apps.get_model("outreach", "OutreachActivity"),
            apps.get_model("interventions", "Enrolment"),
            apps.get_model("people", "PersonSource"),
        ),
    )


def unlink(apps, schema_editor):
    """Back: the partner's name returns to the text the link cleared."""
    for model, text, partner in (
        (apps.get_model("outreach", "OutreachActivity"), "partner_note", "partner"),
        (apps.get_model("interventions", "Enrolment"), "provider_note", "provider"),
    ):
        rows = model.objects.filter(**{f"{partner}__isnull": False, text: ""})
        for pk, name in rows.values_list("pk", f"{partner}__name"):
            model.objects.filter(pk=pk).update(**{text: name[:200]})


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_capacity_building"),
        ("outreach", "0016_activity_partner_record"),
        ("people", "0015_source_partner_record"),
        ("interventions", "0010_enrolment_provider_record"),
    ]

    operations = [migrations.RunPython(link, unlink)]
