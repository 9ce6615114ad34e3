"""A "Trouver un médecin" link to the directory on the patients' hub (and the doctors' one).

Idempotent: a hub that already has a block pointing at /annuaire/ (perhaps retitled or
unpublished by staff) is left as it is. Going back keeps the blocks: staff may have edited them.
"""

from django.db import migrations

LINKS = [
    {
        "audience": "patients",
        "title": "Trouver un médecin",
        "body": (
            "Cherchez un médecin par son nom, sa spécialité, sa ville ou son numéro RPPS, et "
            "vérifiez qu’il est inscrit au tableau de l’Ordre et autorisé à exercer."
        ),
        "link_label": "Rechercher dans l’annuaire",
        "link_url": "/annuaire/",
        "position": 5,
    },
    {
        "audience": "medecins",
        "title": "Annuaire des médecins",
        "body": "Retrouvez un confrère ou vérifiez comment votre fiche apparaît au public.",
        "link_label": "Consulter l’annuaire",
        "link_url": "/annuaire/",
        "position": 60,
    },
]


def add_links(apps, schema_editor):
    HubBlock = apps.get_model("portal", "HubBlock")
    for link in LINKS:
        HubBlock.objects.get_or_create(
            audience=link["audience"],
            kind="navigation",
            link_url=link["link_url"],
            defaults={
                "title": link["title"],
                "body": link["body"],
                "link_label": link["link_label"],
                "position": link["position"],
                "is_published": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("portal", "0002_default_hub_blocks"),
    ]

    operations = [
        migrations.RunPython(add_links, migrations.RunPython.noop),
    ]
