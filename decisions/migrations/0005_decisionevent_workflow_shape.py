"""Decision events take the shape every workflow records (pcc_portal.models.WorkflowEvent):
``action`` becomes ``step`` and holds the step's name, ``from_status``/``to_status``
become ``from_state``/``to_state``. Existing events keep their history."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

OLD_TO_NEW = {
    "submitted": "submit",
    "officer_approved": "officer_approval",
    "returned": "return",
    "signed": "sign",
    "published": "publish",
    "amended": "amend",
    "imported": "import",
}


def rename_actions(apps, schema_editor):
    DecisionEvent = apps.get_model("decisions", "DecisionEvent")
    for old, new in OLD_TO_NEW.items():
        DecisionEvent.objects.filter(step=old).update(step=new)


def restore_actions(apps, schema_editor):
    DecisionEvent = apps.get_model("decisions", "DecisionEvent")
    for old, new in OLD_TO_NEW.items():
        DecisionEvent.objects.filter(step=new).update(step=old)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0004_register_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("decisionevent", "action", "step"),
        migrations.RenameField("decisionevent", "from_status", "from_state"),
        migrations.RenameField("decisionevent", "to_status", "to_state"),
        migrations.AlterField(
            model_name='decisionevent',
            name='by',
            field=models.ForeignKey(blank=True, help_text='Empty when the system acted (e.g. scheduled publication) or for imports.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='decisionevent',
            name='from_state',
            field=models.CharField(blank=True, choices=[('draft', 'Draft'), ('awaiting_officer_approval', 'Awaiting officer approval'), ('awaiting_commissioner', 'Awaiting the Commissioner'), ('returned', 'Returned with comments'), ('scheduled', 'Approved, publication scheduled'), ('published', 'Published')], max_length=40),
        ),
        migrations.AlterField(
            model_name='decisionevent',
            name='step',
            field=models.CharField(choices=[('submit', 'Submitted for officer approval'), ('officer_approval', 'Officer approval given'), ('return', 'Returned with comments'), ('sign', 'Approved and signed by the Commissioner'), ('publish', 'Published'), ('amend', 'Amendment recorded'), ('import', 'Imported historic record')], max_length=40),
        ),
        migrations.AlterField(
            model_name='decisionevent',
            name='to_state',
            field=models.CharField(choices=[('draft', 'Draft'), ('awaiting_officer_approval', 'Awaiting officer approval'), ('awaiting_commissioner', 'Awaiting the Commissioner'), ('returned', 'Returned with comments'), ('scheduled', 'Approved, publication scheduled'), ('published', 'Published')], max_length=40),
        ),
        # The data moves after the schema changes: PostgreSQL refuses to alter a table
        # with row changes still pending in the same transaction.
        migrations.RunPython(rename_actions, restore_actions),
    ]
