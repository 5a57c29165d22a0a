"""The existing text is English: copy each original column into its `_en` column.

Runs once, after the translation columns were added; rows created later get their
English columns from the model (django-modeltranslation), so reversing has nothing to undo.
"""

from django.db import migrations
from django.db.models import F

FIELDS = {
    "country": ["name"],
    "topic": ["name", "description"],
    "countrystatus": ["note"],
}


def copy_english(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("taxonomy", model_name)
        for field in fields:
            model.objects.filter(**{f"{field}_en__isnull": True}).update(**{f"{field}_en": F(field)})


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0002_content_translations"),
    ]

    operations = [
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]
