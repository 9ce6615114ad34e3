"""The hubs' first content, so that each opens with an introduction and working links.

Only pages that exist at this point are linked; the features that add pages (guides, directory,
first registration) add their own blocks. Running this again adds nothing: an introduction is
created only when the hub has none, a link only when no block of that hub already points there
(staff may have retitled or unpublished it; that choice is kept).
"""

from django.db import migrations

INTRODUCTION = "introduction"
NAVIGATION = "navigation"

INTRODUCTIONS = [
    {
        "audience": "medecins",
        "title": "Vous êtes médecin",
        "body": (
            "Inscrit au tableau de l’Ordre, vous effectuez ici vos démarches en ligne depuis "
            "votre espace personnel.\n"
            "Pour y accéder, connectez-vous ou créez votre compte avec votre adresse "
            "électronique ; vous le rattacherez ensuite à votre inscription grâce à votre "
            "numéro RPPS."
        ),
    },
    {
        "audience": "patients",
        "title": "Vous êtes patient",
        "body": (
            "L’Ordre des médecins veille au respect de la déontologie médicale : secret "
            "médical, qualité des soins, information du patient.\n"
            "Cette rubrique rassemble les informations utiles aux patients. Elle s’enrichira "
            "au fil des prochains mois."
        ),
    },
    {
        "audience": "etudiants",
        "title": "Vous êtes étudiant, interne ou docteur junior",
        "body": (
            "Les internes sont désormais enregistrés dans le répertoire partagé des "
            "professionnels de santé et obtiennent un numéro RPPS.\n"
            "Cette rubrique vous accompagne jusqu’à votre première inscription au tableau de "
            "l’Ordre, qui se fait en ligne."
        ),
    },
]

LINKS = [
    {
        "audience": "medecins",
        "title": "Mon espace",
        "body": "Vos démarches auprès de l’Ordre et vos informations personnelles.",
        "link_label": "Accéder à mon espace",
        "link_url": "/espace/",
    },
    {
        "audience": "medecins",
        "title": "Créer mon compte",
        "body": (
            "Première visite ? Créez votre compte avec votre adresse électronique "
            "professionnelle."
        ),
        "link_label": "Créer mon compte",
        "link_url": "/compte/signup/",
    },
    {
        "audience": "medecins",
        "title": "Protéger mon compte",
        "body": (
            "Activez la double authentification : un code à usage unique s’ajoute à votre "
            "mot de passe."
        ),
        "link_label": "Activer la double authentification",
        "link_url": "/compte/2fa/",
    },
    {
        "audience": "medecins",
        "title": "Mot de passe oublié",
        "body": "Recevez par courriel un lien pour choisir un nouveau mot de passe.",
        "link_label": "Réinitialiser mon mot de passe",
        "link_url": "/compte/password/reset/",
    },
    {
        "audience": "patients",
        "title": "Les autres rubriques",
        "body": (
            "Revenez à l’accueil pour consulter les rubriques destinées aux médecins ou aux "
            "étudiants et internes."
        ),
        "link_label": "Revenir à l’accueil",
        "link_url": "/",
    },
    {
        "audience": "etudiants",
        "title": "Créer mon compte",
        "body": (
            "Créez votre compte personnel sur le portail avec votre adresse électronique : "
            "il vous servira pour vos démarches en ligne auprès de l’Ordre."
        ),
        "link_label": "Créer mon compte",
        "link_url": "/compte/signup/",
    },
    {
        "audience": "etudiants",
        "title": "J’ai déjà un compte",
        "body": "Connectez-vous avec votre adresse électronique et votre mot de passe.",
        "link_label": "Me connecter",
        "link_url": "/compte/login/",
    },
]


def create_default_blocks(apps, schema_editor):
    HubBlock = apps.get_model("portal", "HubBlock")
    for intro in INTRODUCTIONS:
        if HubBlock.objects.filter(audience=intro["audience"], kind=INTRODUCTION).exists():
            continue
        HubBlock.objects.create(kind=INTRODUCTION, position=0, is_published=True, **intro)

    positions: dict[str, int] = {}
    for link in LINKS:
        audience = link["audience"]
        positions[audience] = positions.get(audience, 0) + 10
        already = HubBlock.objects.filter(
            audience=audience, kind=NAVIGATION, link_url=link["link_url"]
        ).exists()
        if already:
            continue
        HubBlock.objects.create(
            kind=NAVIGATION, position=positions[audience], is_published=True, **link
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
    ]

    # Going back keeps the blocks: staff may have edited them, and 0001 drops the table anyway.
    operations = [
        migrations.RunPython(create_default_blocks, migrations.RunPython.noop),
    ]
