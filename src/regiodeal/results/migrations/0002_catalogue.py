"""Seed the indicator catalogue (CBS Regionale Monitor Brede Welvaart) from the CSV shipped in
results/data. `results.services.results_setup` syncs it again, so a later CSV reaches old
databases too."""

from django.db import migrations


def load(apps, schema_editor):
    from regiodeal.results.catalogue import sync_catalogue

    sync_catalogue(apps.get_model("results", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
