"""The DES specialties (third-cycle reform of 2017) and the students' hub link.

Idempotent: a specialty or a hub block that already exists (perhaps renamed, unpublished or
retired by staff) is left as it is. Going back keeps the rows: staff may have edited them.
"""

from django.db import migrations

# The 44 diplômes d'études spécialisées (arrêté du 12 avril 2017 and its annexes).
SPECIALTIES = [
    "Allergologie",
    "Anatomie et cytologie pathologiques",
    "Anesthésie-réanimation",
    "Biologie médicale",
    "Chirurgie maxillo-faciale",
    "Chirurgie orale",
    "Chirurgie orthopédique et traumatologique",
    "Chirurgie pédiatrique",
    "Chirurgie plastique, reconstructrice et esthétique",
    "Chirurgie thoracique et cardiovasculaire",
    "Chirurgie vasculaire",
    "Chirurgie viscérale et digestive",
    "Dermatologie et vénéréologie",
    "Endocrinologie-diabétologie-nutrition",
    "Génétique médicale",
    "Gériatrie",
    "Gynécologie médicale",
    "Gynécologie obstétrique",
    "Hématologie",
    "Hépato-gastro-entérologie",
    "Maladies infectieuses et tropicales",
    "Médecine cardiovasculaire",
    "Médecine d'urgence",
    "Médecine et santé au travail",
    "Médecine générale",
    "Médecine intensive-réanimation",
    "Médecine interne et immunologie clinique",
    "Médecine légale et expertises médicales",
    "Médecine nucléaire",
    "Médecine physique et de réadaptation",
    "Médecine vasculaire",
    "Néphrologie",
    "Neurochirurgie",
    "Neurologie",
    "Oncologie",
    "Ophtalmologie",
    "Oto-rhino-laryngologie – chirurgie cervico-faciale",
    "Pédiatrie",
    "Pneumologie",
    "Psychiatrie",
    "Radiologie et imagerie médicale",
    "Rhumatologie",
    "Santé publique",
    "Urologie",
]

HUB_LINK = {
    "audience": "etudiants",
    "title": "Faire ma première inscription",
    "body": (
        "Interne ou docteur junior, faites votre demande de première inscription au tableau de "
        "l’Ordre en ligne, avec vos documents, puis suivez-la pas à pas."
    ),
    "link_label": "Faire ma première inscription",
    "link_url": "/etudiants/inscription/",
    "position": 5,
}


def seed(apps, schema_editor):
    Specialty = apps.get_model("registrations", "Specialty")
    for name in SPECIALTIES:
        Specialty.objects.get_or_create(name=name)
    HubBlock = apps.get_model("portal", "HubBlock")
    HubBlock.objects.get_or_create(
        audience=HUB_LINK["audience"],
        kind="navigation",
        link_url=HUB_LINK["link_url"],
        defaults={
            "title": HUB_LINK["title"],
            "body": HUB_LINK["body"],
            "link_label": HUB_LINK["link_label"],
            "position": HUB_LINK["position"],
            "is_published": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0001_initial"),
        ("portal", "0002_default_hub_blocks"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
