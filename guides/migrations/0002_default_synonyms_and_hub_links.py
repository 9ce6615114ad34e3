"""Starting synonyms for the assistant, and a "Guides pratiques" link on each audience hub.

Idempotent (get_or_create) and left in place when migrating back: staff may have edited them.
"""

from django.db import migrations

# Frozen copy of guides.default_synonyms at the time of this migration: later edits to that
# module must not change what an old migration does.
SYNONYMS = [
    ("messagerie", "mail, mails, email, e-mail, courriel, mel, mèl, messages"),
    ("rendez-vous", "rdv, agenda, prise de rendez-vous en ligne"),
    ("téléphone", "smartphone, portable, mobile, iphone, android"),
    ("tablette", "ipad"),
    ("téléconsultation", "visio, visioconférence, consultation vidéo, vidéo"),
    ("télémédecine", "consultation à distance, soins à distance"),
    ("avis", "commentaire, commentaires, notation, étoiles, critique"),
    ("dossier", "dossier médical, fichier patient"),
    ("hébergeur", "hds, cloud, nuage, stockage en ligne, dropbox, google drive, onedrive"),
    ("violation", "fuite, piratage, cyberattaque, rançongiciel, ransomware, hacker"),
    ("sous-traitant", "prestataire, éditeur de logiciel"),
    ("diffamation", "diffamatoire, calomnie, mensonge"),
    ("injure", "insulte, injurieux, insultant, outrage"),
    ("protection juridique", "assureur, contrat d'assurance, assurance juridique"),
    ("rgpd", "règlement général sur la protection des données, gdpr"),
    ("cnil", "commission nationale de l'informatique et des libertés"),
    ("remplacement", "remplaçant, remplacer, licence de remplacement, rempla, remplas"),
    ("fiche d'établissement", "google maps, google my business, fiche google, profil google"),
    ("interne", "internat, docteur junior"),
    ("stage", "stagiaire"),
    ("inscription", "s'inscrire, inscrit"),
    ("effacement", "supprimer, suppression"),
    ("accès", "obtenir une copie"),
    ("recherche", "essai clinique, thèse"),
    ("mot de passe", "identifiant, authentification"),
]

HUB_LINKS = [
    {
        "audience": "medecins",
        "title": "Guides pratiques",
        "body": (
            "Protection des données au cabinet, réputation numérique\u00a0: des fiches courtes "
            "pour les questions de chaque jour, et un assistant pour poser la vôtre."
        ),
        "link_label": "Consulter les guides pour les médecins",
        "link_url": "/guides/#pour-les-medecins",
        "position": 50,
    },
    {
        "audience": "patients",
        "title": "Guides pratiques",
        "body": "Accéder à votre dossier médical, donner un avis sur un médecin, la téléconsultation.",
        "link_label": "Consulter les guides pour les patients",
        "link_url": "/guides/#pour-les-patients",
        "position": 5,
    },
    {
        "audience": "etudiants",
        "title": "Guides pratiques",
        "body": "Première inscription au tableau, remplacements, données de santé en stage.",
        "link_label": "Consulter les guides pour les étudiants et internes",
        "link_url": "/guides/#pour-les-etudiants",
        "position": 50,
    },
]


def create_defaults(apps, schema_editor):
    Synonym = apps.get_model("guides", "Synonym")
    for term, equivalents in SYNONYMS:
        Synonym.objects.get_or_create(term=term, defaults={"equivalents": equivalents})

    HubBlock = apps.get_model("portal", "HubBlock")
    for link in HUB_LINKS:
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
        ("guides", "0001_initial"),
        ("portal", "0002_default_hub_blocks"),
    ]

    operations = [
        migrations.RunPython(create_defaults, migrations.RunPython.noop),
    ]
