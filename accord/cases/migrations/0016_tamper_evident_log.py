"""The tamper-evident event log (decision 16): the events' key id, each case's head, the
checkpoints and the purge records; every existing event re-signed with the signing key (after
checking its plain SHA-256 chain still holds); then the triggers that make the log append-only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from accord.cases.log_triggers import create_sql, drop_sql
from accord.cases.models.events import GENESIS_HASH, chain_hash


def resign(apps, schema_editor):
    """Re-sign every case's chain with the signing key and record its head. A chain whose plain
    hashes no longer hold is not laundered: the migration stops and names it."""
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    ChainHead = apps.get_model("cases", "ChainHead")
    keys = settings.ACCORD_CHAIN_KEYS
    if not CaseEvent.objects.exists():
        return
    if not keys:
        raise RuntimeError("Set ACCORD_CHAIN_KEY before migrating: existing events are re-signed")
    key_id = next(iter(keys))
    for pk, reference in Case.objects.order_by("pk").values_list("pk", "reference"):
        old_previous = new_previous = GENESIS_HASH
        last = None
        for event in CaseEvent.objects.filter(case_id=pk).order_by("sequence"):
            content = dict(
                case_reference=reference,
                sequence=event.sequence,
                kind=event.kind,
                actor_id=event.actor_id,
                at=event.at,
                payload=event.payload,
                summary=event.summary,
            )
            plain = chain_hash(key=None, previous_hash=old_previous, **content)
            if event.previous_hash != old_previous or event.hash != plain:
                raise RuntimeError(
                    f"{reference}: event {event.sequence} no longer matches its hash; "
                    "not re-signing an altered log (see docs/decisions/0010)"
                )
            old_previous = event.hash
            signed = chain_hash(key=keys[key_id], previous_hash=new_previous, **content)
            CaseEvent.objects.filter(pk=event.pk).update(
                previous_hash=new_previous, hash=signed, key_id=key_id
            )
            new_previous, last = signed, event.sequence
        if last is not None:
            ChainHead.objects.create(case_id=pk, sequence=last, hash=new_previous)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor in ("sqlite", "postgresql"):
        for statement in create_sql(vendor, retention=False):
            schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor in ("sqlite", "postgresql"):
        for statement in drop_sql(vendor):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0015_notification_kinds_taken_over_and_advised'),
    ]

    operations = [
        migrations.CreateModel(
            name='ChainHead',
            fields=[
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, primary_key=True, related_name='chain_head', serialize=False, to='cases.case')),
                ('sequence', models.PositiveIntegerField()),
                ('hash', models.CharField(max_length=64)),
                ('checkpointed', models.PositiveIntegerField(default=0, help_text="The sequence of the case's latest checkpoint.")),
            ],
        ),
        migrations.CreateModel(
            name='PurgedCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purged_at', models.DateTimeField()),
                ('reason', models.CharField(max_length=200)),
                ('case_id', models.BigIntegerField(db_index=True)),
                ('case_reference', models.CharField(max_length=20)),
                ('events', models.PositiveIntegerField()),
                ('head_sequence', models.PositiveIntegerField()),
                ('head_hash', models.CharField(blank=True, max_length=64)),
            ],
            options={
                'ordering': ['pk'],
                'base_manager_name': 'objects',
            },
        ),
        migrations.AlterModelOptions(
            name='accesslog',
            options={'base_manager_name': 'objects', 'ordering': ['case', '-at']},
        ),
        migrations.AlterModelOptions(
            name='caseevent',
            options={'base_manager_name': 'objects', 'ordering': ['case', 'sequence']},
        ),
        migrations.AddField(
            model_name='caseevent',
            name='key_id',
            field=models.CharField(default='', help_text='The chain key that signed `hash`.', max_length=40),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='casenotification',
            name='kind',
            field=models.CharField(choices=[('due_soon', 'A deadline is due soon'), ('passed', 'A deadline has passed'), ('non_response', 'A response is needed: a deadline and its grace have passed'), ('nudge', 'A reminder: the case is waiting for action'), ('nudges_stopped', 'Reminders have stopped: the case is still waiting for action by your staff'), ('stage_entered', 'The case has reached a new stage'), ('stage_escalating', 'The case is being escalated'), ('stage_resolved', 'The case has been resolved'), ('stage_due_soon', 'A stage deadline is due soon'), ('stage_breached', 'A stage deadline has passed'), ('raised', 'A case you hold has been raised: act on it'), ('escalated', 'The case has been escalated: act on it at its new stage'), ('moved_on', 'The case has moved on from your stage: hand over what you know'), ('responded', 'The receiving side has responded: read it and reply'), ('resolution', 'An outcome has been recorded: check it'), ('signed_off', 'The other side has signed off the outcome'), ('raised_urgent', 'An urgent case has been raised: act now'), ('referred', 'The case has been referred to the partnership'), ('outcome', 'The case you raised has been resolved'), ('closed', 'The case you raised has been closed'), ('taken_over', 'The next level has taken over a side of the case: see who holds it'), ('advised', 'An adviser has recorded advice on the case: read it'), ('log_altered', "The case's record has been altered outside Accord: check it")], max_length=30),
        ),
        migrations.CreateModel(
            name='ChainCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('taken_at', models.DateTimeField()),
                ('case_reference', models.CharField(max_length=20)),
                ('sequence', models.PositiveIntegerField()),
                ('hash', models.CharField(max_length=64)),
            ],
            options={
                'ordering': ['pk'],
                'base_manager_name': 'objects',
                'indexes': [models.Index(fields=['case_reference', 'sequence'], name='checkpoint_case')],
            },
        ),
        migrations.RunPython(resign, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
