"""Calendar addresses: store only the SHA-256 of each secret, and give each an expiry.

Existing secrets are hashed in place, so the addresses already in people's calendars keep
working; each expires a year after it was made (``CALENDAR_TOKEN_VALID``)."""

import hashlib
from datetime import timedelta

from django.db import migrations, models

VALID = timedelta(days=365)


def hash_tokens(apps, schema_editor):
    CalendarToken = apps.get_model("agreements", "CalendarToken")
    for token in CalendarToken.objects.all():
        token.token_hash = hashlib.sha256(token.token_hash.encode()).hexdigest()
        token.expires_at = token.created_at + VALID
        token.save(update_fields=["token_hash", "expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_agreement_version"),
    ]

    operations = [
        migrations.RenameField(
            model_name="calendartoken", old_name="token", new_name="token_hash"
        ),
        migrations.AddField(
            model_name="calendartoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        # The secrets cannot be recovered from their hashes: no way back.
        migrations.RunPython(hash_tokens, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="calendartoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
