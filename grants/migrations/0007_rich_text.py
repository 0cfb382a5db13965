"""Grant round descriptions are rich text (pcc_portal.richtext).

Plain-text values in existing rows become paragraphs; values already written as HTML
are left byte for byte as they are (pcc_portal.richtext.plain_text_migration). History
rows are left as they were recorded.
"""

from django.db import migrations

from pcc_portal.richtext import plain_text_migration

FIELDS = {'Round': ['description']}


plain_text_to_paragraphs = plain_text_migration("grants", FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ('grants', '0006_approving_decision_is_signed'),
    ]

    operations = [
        migrations.RunPython(plain_text_to_paragraphs, migrations.RunPython.noop),
    ]
