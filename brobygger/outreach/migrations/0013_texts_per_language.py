"""The public form's texts and the letter templates point at a language of the catalogue
(``languages.Language``) instead of a code from a list in code, and get a review state.

Every existing row is kept: its two-letter code is mapped to the language with that code.
Danish texts are the originals and count as approved; the other languages' texts were
drafted without a translator and are marked to be checked by one."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def link_languages(apps, schema_editor):
    Language = apps.get_model("languages", "Language")
    by_code = {language.code: language for language in Language.objects.all()}
    for model_name in ("PublicFormText", "LetterTemplate"):
        model = apps.get_model("outreach", model_name)
        for row in model.objects.all():
            language = by_code.get(row.language)
            if language is None:
                language = Language.objects.create(
                    code=row.language, name_da=row.language, name_en=row.language,
                    native_name=row.language,
                )
                by_code[row.language] = language
            row.language_ref = language
            row.review_state = "approved" if row.language == "da" else "machine_drafted"
            row.save(update_fields=["language_ref", "review_state"])


def unlink_languages(apps, schema_editor):
    for model_name in ("PublicFormText", "LetterTemplate"):
        model = apps.get_model("outreach", model_name)
        for row in model.objects.select_related("language_ref"):
            row.language = row.language_ref.code[:2]
            row.save(update_fields=["language"])


def review_fields():
    return [
        (
            "review_state",
            models.CharField(
                choices=[
                    ("machine_drafted", "Machine-drafted, to be checked by a translator"),
                    ("approved", "Approved"),
                ],
                default="machine_drafted",
                max_length=20,
                verbose_name="review",
            ),
        ),
        (
            "approved_by",
            models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="approved by",
            ),
        ),
        ("approved_at", models.DateTimeField(blank=True, null=True, verbose_name="approved at")),
    ]


def drop_stale_language_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP INDEX IF EXISTS outreach_publicformtext_language_id_49187d95"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0012_contact_moves_to_people"),
        ("languages", "0002_seed_languages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The old code columns lose their constraints first, so that going back can re-add
        # them empty and fill them from the languages before they are constrained again.
        migrations.AlterField(
            model_name="publicformtext",
            name="language",
            field=models.CharField(max_length=12, null=True, verbose_name="language"),
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="language",
            field=models.CharField(max_length=12, null=True, verbose_name="language"),
        ),
        *[
            migrations.AddField(model_name=model, name=name, field=field)
            for model in ("publicformtext", "lettertemplate")
            for name, field in review_fields()
        ],
        migrations.AddField(
            model_name="publicformtext",
            name="language_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="languages.language",
            ),
        ),
        migrations.AddField(
            model_name="lettertemplate",
            name="language_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="languages.language",
            ),
        ),
        migrations.RunPython(link_languages, unlink_languages),
        migrations.AlterModelOptions(name="publicformtext", options={}),
        migrations.AlterModelOptions(name="lettertemplate", options={}),
        migrations.RemoveField(model_name="publicformtext", name="language"),
        migrations.RemoveField(model_name="lettertemplate", name="language"),
        migrations.RenameField(
            model_name="publicformtext", old_name="language_ref", new_name="language"
        ),
        migrations.RenameField(
            model_name="lettertemplate", old_name="language_ref", new_name="language"
        ),
        migrations.AlterField(
            model_name="publicformtext",
            name="language",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="public_form_text",
                to="languages.language",
                verbose_name="language",
            ),
        ),
        # Going back on PostgreSQL, the one-to-one field turns into a foreign key again and
        # Django creates its index under a name the renamed column's index still holds.
        migrations.RunPython(migrations.RunPython.noop, drop_stale_language_index),
        migrations.AlterField(
            model_name="lettertemplate",
            name="language",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="letter_templates",
                to="languages.language",
                verbose_name="language",
            ),
        ),
        migrations.AddConstraint(
            model_name="lettertemplate",
            constraint=models.UniqueConstraint(
                fields=("name", "language"), name="letter_name_language"
            ),
        ),
        migrations.AddField(
            model_name="publicformtext",
            name="error_summary",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="heading of the list of errors"
            ),
        ),
        migrations.AddField(
            model_name="publicformtext",
            name="privacy_label",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="link to the privacy notice"
            ),
        ),
        migrations.AddField(
            model_name="publicformtext",
            name="accessibility_label",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="link to the accessibility statement"
            ),
        ),
        migrations.AddField(
            model_name="publicformtext",
            name="poster_title",
            field=models.CharField(
                blank=True,
                help_text="Empty: the form's title.",
                max_length=200,
                verbose_name="poster: headline",
            ),
        ),
        migrations.AddField(
            model_name="publicformtext",
            name="poster_text",
            field=models.CharField(
                blank=True,
                help_text='E.g. "Scan the code with your phone".',
                max_length=300,
                verbose_name="poster and flyer: call to scan",
            ),
        ),
    ]
