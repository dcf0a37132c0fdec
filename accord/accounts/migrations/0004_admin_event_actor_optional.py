import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_admin_event"),
    ]

    operations = [
        migrations.AlterField(
            model_name="adminevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for a change made with the `accord` command on the server.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="admin_events",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
