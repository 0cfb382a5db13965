"""Board report bodies are rich text (pcc_portal.richtext).

Plain-text values in existing rows become paragraphs; values already written as HTML
are left byte for byte as they are (pcc_portal.richtext.plain_text_migration). History
rows are left as they were recorded.
"""

from django.db import migrations, models

from pcc_portal.richtext import plain_text_migration

FIELDS = {'Report': ['body']}


plain_text_to_paragraphs = plain_text_migration("board", FIELDS)


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
