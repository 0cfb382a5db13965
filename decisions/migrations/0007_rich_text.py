"""The executive summary, the decision and the Section B sections are rich text
(pcc_portal.richtext).

Plain-text values in existing rows become paragraphs (blank lines separate paragraphs,
web and email addresses become links); values already written as HTML are left byte
for byte as they are. History rows are left as they were recorded.
"""

from django.db import migrations

from pcc_portal.richtext import is_html, paragraphs_from_plain_text, sanitise

FIELDS = {'DecisionRecord': ['executive_summary', 'decision'], 'ReportSection': ['body']}


def plain_text_to_paragraphs(apps, schema_editor):
    for model_name, field_names in FIELDS.items():
        model = apps.get_model("decisions", model_name)
        for field_name in field_names:
            rows = model.objects.exclude(**{field_name: ""}).values_list("pk", field_name)
            for pk, value in rows.iterator():
                if value.strip() and not is_html(value):
                    model.objects.filter(pk=pk).update(
                        **{field_name: sanitise(paragraphs_from_plain_text(value))}
                    )


class Migration(migrations.Migration):
    dependencies = [
        ('decisions', '0006_plain_labels_signed_links_section_order'),
    ]

    operations = [
        migrations.RunPython(plain_text_to_paragraphs, migrations.RunPython.noop),
    ]
