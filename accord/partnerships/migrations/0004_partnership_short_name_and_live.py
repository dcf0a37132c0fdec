from django.db import migrations, models


def existing_partnerships_are_live(apps, schema_editor):
    """Partnerships made before going live was a step were already taking cases."""
    Partnership = apps.get_model("partnerships", "Partnership")
    Partnership.objects.update(live=True)


class Migration(migrations.Migration):

    dependencies = [
        ("partnerships", "0003_theme"),
    ]

    operations = [
        migrations.AddField(
            model_name="partnership",
            name="short_name",
            field=models.CharField(
                blank=True,
                help_text="What e-mails and pages call the partnership for short (an acronym, say).",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="partnership",
            name="live",
            field=models.BooleanField(
                default=False,
                help_text="Cases can be raised. Its administrators make it live once the set-up checklist (accord.partnerships.readiness) has no gaps.",
            ),
        ),
        migrations.RunPython(existing_partnerships_are_live, migrations.RunPython.noop),
    ]
