"""The executive summary, the decision and the Section B sections are rich text
(pcc_portal.richtext).

Plain-text values in existing rows become paragraphs; values already written as HTML
are left byte for byte as they are (pcc_portal.richtext.plain_text_migration). History
rows are left as they were recorded.
"""

from django.db import migrations

from pcc_portal.richtext import plain_text_migration

FIELDS = {'DecisionRecord': ['executive_summary', 'decision'], 'ReportSection': ['body']}


plain_text_to_paragraphs = plain_text_migration("decisions", FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ('decisions', '0006_plain_labels_signed_links_section_order'),
    ]

    operations = [
        migrations.RunPython(plain_text_to_paragraphs, migrations.RunPython.noop),
    ]
