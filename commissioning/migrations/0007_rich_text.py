"""Contract descriptions are rich text (pcc_portal.richtext).

Plain-text values in existing rows become paragraphs; values already written as HTML
are left byte for byte as they are (pcc_portal.richtext.plain_text_migration). History
rows are left as they were recorded.
"""

from django.db import migrations

from pcc_portal.richtext import plain_text_migration

FIELDS = {'Contract': ['description']}


plain_text_to_paragraphs = plain_text_migration("commissioning", FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ('commissioning', '0006_signed_decisions_plain_date_labels'),
    ]

    operations = [
        migrations.RunPython(plain_text_to_paragraphs, migrations.RunPython.noop),
    ]
