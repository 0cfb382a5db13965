"""Application steps become ``ApplicationEvent``s of the shape every workflow records
(pcc_portal.models.WorkflowEvent): ``note`` becomes ``comment``, ``from_status``/
``to_status`` become ``from_state``/``to_state``, and each event names its step, worked
out from the state it led to (or "import" for one recorded already past "received").
Existing events keep their history."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STEP_LEADING_TO = {
    "received": "receive",
    "assessed": "assess",
    "approved": "approve",
    "declined": "decline",
    "awarded": "award",
    "monitoring": "begin-monitoring",
    "closed": "close",
}


def name_steps(apps, schema_editor):
    ApplicationEvent = apps.get_model("grants", "ApplicationEvent")
    for state, step in STEP_LEADING_TO.items():
        ApplicationEvent.objects.filter(to_state=state).update(step=step)
    # An application that arrived already past "received" came from the office's papers.
    ApplicationEvent.objects.filter(from_state="").exclude(to_state="received").update(
        step="import"
    )


def rename_permissions(apps, schema_editor):
    """Django renames the content type with the model but not its permissions: rename
    them too, so roles and officers holding them keep them. Where the new permission
    already exists (a database migrated forward before), its holders get it and the old
    one goes."""
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for action in ("add", "change", "delete", "view"):
        permissions = Permission.objects.filter(content_type__app_label="grants")
        old = permissions.filter(codename=f"{action}_applicationstep").first()
        if old is None:
            continue
        new = permissions.filter(codename=f"{action}_applicationevent").first()
        if new is None:
            old.codename = f"{action}_applicationevent"
            old.name = f"Can {action} application event"
            old.save(update_fields=["codename", "name"])
            continue
        for group in Group.objects.filter(permissions=old):
            group.permissions.add(new)
        for user in old.user_set.all():
            user.user_permissions.add(new)
        old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0004_organisations_in_their_own_app"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("ApplicationStep", "ApplicationEvent"),
        migrations.RenameField("applicationevent", "note", "comment"),
        migrations.RenameField("applicationevent", "from_status", "from_state"),
        migrations.RenameField("applicationevent", "to_status", "to_state"),
        migrations.AddField(
            "applicationevent", "step", models.CharField(max_length=40, default="")
        ),
        migrations.AlterField(
            model_name='applicationevent',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='grants.application'),
        ),
        migrations.AlterField(
            model_name='applicationevent',
            name='by',
            field=models.ForeignKey(blank=True, help_text='Empty when the system acted (e.g. scheduled publication) or for imports.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='applicationevent',
            name='from_state',
            field=models.CharField(blank=True, choices=[('received', 'Received'), ('assessed', 'Assessed'), ('approved', 'Approved'), ('declined', 'Declined'), ('awarded', 'Awarded'), ('monitoring', 'Monitoring'), ('closed', 'Closed')], max_length=40),
        ),
        migrations.AlterField(
            model_name='applicationevent',
            name='step',
            field=models.CharField(max_length=40),
        ),
        migrations.AlterField(
            model_name='applicationevent',
            name='to_state',
            field=models.CharField(choices=[('received', 'Received'), ('assessed', 'Assessed'), ('approved', 'Approved'), ('declined', 'Declined'), ('awarded', 'Awarded'), ('monitoring', 'Monitoring'), ('closed', 'Closed')], max_length=40),
        ),
        # The data moves after the schema changes: PostgreSQL refuses to alter a table
        # with row changes still pending in the same transaction.
        migrations.RunPython(name_steps, migrations.RunPython.noop),
        migrations.RunPython(rename_permissions, migrations.RunPython.noop),
    ]
