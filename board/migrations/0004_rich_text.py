"""Board report bodies are rich text (pcc_portal.richtext).

Plain-text values in existing rows become paragraphs (blank lines separate paragraphs,
web and email addresses become links); values already written as HTML are left byte
for byte as they are. History rows are left as they were recorded.
"""

from django.db import migrations, models

from pcc_portal.richtext import is_html, paragraphs_from_plain_text, sanitise

FIELDS = {'Report': ['body']}


def plain_text_to_paragraphs(apps, schema_editor):
    for model_name, field_names in FIELDS.items():
        model = apps.get_model("board", model_name)
        for field_name in field_names:
            rows = model.objects.exclude(**{field_name: ""}).values_list("pk", field_name)
            for pk, value in rows.iterator():
                if value.strip() and not is_html(value):
                    model.objects.filter(pk=pk).update(
                        **{field_name: sanitise(paragraphs_from_plain_text(value))}
                    )


class Migration(migrations.Migration):
    dependencies = [
        ('board', '0003_decisions_log_signed_only'),
    ]

    operations = [
        *(
            migrations.AlterField(
                model_name=model_name,
                name="body",
                field=models.TextField(
                    blank=True,
                    help_text=(
                        "The report's paragraphs, headings, lists and tables. Type or paste "
                        "them (from Word too), or import a .docx below."
                    ),
                ),
            )
            for model_name in ("historicalreport", "report")
        ),
        migrations.RunPython(plain_text_to_paragraphs, migrations.RunPython.noop),
    ]
