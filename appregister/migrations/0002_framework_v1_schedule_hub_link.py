"""Version 1 of the criteria framework, written for the portal; the daily renewal reminders;
the doctors' hub link to the register.

The framework draws on public frameworks (the HAS 2016 good-practice framework for health
apps, the « Mon espace santé » catalogue's criteria, Germany's DiGA requirements) but is
worded for the portal. Idempotent: a version 1 that exists (perhaps edited by staff) is left
as it is, as are the schedule and the hub block. Going back keeps the rows.
"""

import re

from django.db import migrations

from portal.migration_ops import daily_task_schedule

# (code, title, description, [(reference, requirement, mandatory, evidence expected)])
DOMAINS = [
    (
        "finalite",
        "Finalité et information de l’utilisateur",
        "Ce que fait l’application, pour qui, et ce que l’utilisateur en sait avant de l’utiliser.",
        [
            (
                "FIN-01",
                "La finalité de l’application, les utilisateurs auxquels elle s’adresse et les "
                "situations où elle ne doit pas être utilisée sont décrites en termes simples, "
                "avant toute inscription.",
                True,
                "Captures des écrans de présentation et de la notice, texte de la fiche du "
                "magasin d’applications.",
            ),
            (
                "FIN-02",
                "L’éditeur est identifié (raison sociale, adresse, moyen de contact) et les "
                "sources de financement, dont la publicité, sont indiquées.",
                True,
                "Mentions légales, page « À propos », politique publicitaire.",
            ),
            (
                "FIN-03",
                "Les limites de l’application sont rappelées là où elles comptent : elle ne "
                "remplace pas l’avis d’un professionnel de santé et indique quoi faire en cas "
                "d’urgence.",
                True,
                "Captures des messages d’avertissement et du parcours d’urgence.",
            ),
        ],
    ),
    (
        "fiabilite",
        "Fiabilité de la mesure et du contenu de santé",
        "La justesse des mesures, des calculs et des informations de santé présentées.",
        [
            (
                "FIA-01",
                "Le contenu de santé repose sur des sources identifiées et à jour (recommandations "
                "de bonne pratique, littérature), relues par un professionnel de santé qualifié "
                "dont le nom et la fonction sont indiqués.",
                True,
                "Liste des sources, procédure de relecture et de mise à jour, nom du relecteur.",
            ),
            (
                "FIA-02",
                "Pour un objet connecté ou une mesure, la précision et les conditions de mesure "
                "sont établies par des essais documentés et communiquées à l’utilisateur.",
                True,
                "Rapport d’essais ou de validation clinique, notice d’utilisation.",
            ),
            (
                "FIA-03",
                "Les algorithmes qui produisent un score, une alerte ou une recommandation sont "
                "décrits, leurs performances mesurées et leurs mises à jour tracées.",
                False,
                "Description de l’algorithme, jeux de validation, journal des versions.",
            ),
        ],
    ),
    (
        "usage-donnees",
        "Usage des données",
        "Quelles données sont collectées, pour quoi faire, et avec qui elles sont partagées.",
        [
            (
                "DON-01",
                "Seules les données nécessaires à la finalité sont collectées ; chacune est "
                "rattachée à un usage décrit dans la politique de confidentialité.",
                True,
                "Registre des traitements, cartographie des données collectées.",
            ),
            (
                "DON-02",
                "Aucune donnée de santé n’est vendue, ni utilisée à des fins publicitaires ou de "
                "profilage commercial.",
                True,
                "Politique de confidentialité, contrats avec les sous-traitants, engagement signé.",
            ),
            (
                "DON-03",
                "Les destinataires des données (sous-traitants, partenaires, chercheurs) sont "
                "listés, avec ce qu’ils reçoivent et pourquoi.",
                True,
                "Liste des destinataires et des contrats de sous-traitance.",
            ),
        ],
    ),
    (
        "consentement",
        "Consentement",
        "L’accord de l’utilisateur : libre, éclairé, pour chaque usage, et révocable.",
        [
            (
                "CON-01",
                "Le consentement est recueilli avant toute collecte qui le requiert, séparément "
                "pour chaque finalité, sans case précochée.",
                True,
                "Captures du parcours de consentement, journal des consentements.",
            ),
            (
                "CON-02",
                "L’utilisateur peut retirer son consentement aussi facilement qu’il l’a donné, "
                "depuis l’application, et ce retrait est pris en compte sans délai.",
                True,
                "Captures du paramétrage, description technique du retrait.",
            ),
            (
                "CON-03",
                "Pour un mineur ou une personne protégée, le parcours prévoit l’accord de la "
                "personne qui en a la charge.",
                False,
                "Description du parcours, captures d’écran.",
            ),
        ],
    ),
    (
        "protection",
        "Protection des données et hébergement",
        "Le respect du RGPD et l’hébergement des données de santé.",
        [
            (
                "PRO-01",
                "Les données de santé sont hébergées chez un hébergeur certifié HDS, dans "
                "l’Union européenne ; le numéro du certificat est fourni.",
                True,
                "Certificat HDS de l’hébergeur, contrat d’hébergement.",
            ),
            (
                "PRO-02",
                "Une analyse d’impact relative à la protection des données a été menée et un "
                "délégué à la protection des données est désigné.",
                True,
                "Analyse d’impact (AIPD), désignation du délégué auprès de la CNIL.",
            ),
            (
                "PRO-03",
                "L’utilisateur exerce ses droits (accès, rectification, effacement, portabilité) "
                "depuis l’application ou par un contact indiqué, et obtient réponse dans le mois.",
                True,
                "Procédure d’exercice des droits, délais constatés.",
            ),
        ],
    ),
    (
        "securite",
        "Sécurité",
        "La protection de l’application et des données contre les accès et les pertes.",
        [
            (
                "SEC-01",
                "Les données sont chiffrées en transit et au repos ; l’accès au compte est "
                "protégé par une authentification adaptée à la sensibilité des données.",
                True,
                "Architecture de sécurité, configuration TLS, politique d’authentification.",
            ),
            (
                "SEC-02",
                "Un test d’intrusion de moins d’un an a été réalisé par un tiers et les failles "
                "graves sont corrigées.",
                True,
                "Rapport de test d’intrusion et plan de correction.",
            ),
            (
                "SEC-03",
                "Les incidents de sécurité sont détectés, traités et notifiés (CNIL, "
                "utilisateurs) selon une procédure écrite ; les sauvegardes sont testées.",
                True,
                "Procédure de gestion des incidents, compte rendu de test de restauration.",
            ),
        ],
    ),
    (
        "interoperabilite",
        "Interopérabilité et export des données",
        "Les échanges avec les outils de santé et la liberté de l’utilisateur de partir.",
        [
            (
                "INT-01",
                "L’utilisateur peut exporter ses données dans un format ouvert et lisible, à tout "
                "moment et sans frais.",
                True,
                "Exemple de fichier exporté, description du format.",
            ),
            (
                "INT-02",
                "Les échanges avec les systèmes de santé suivent les référentiels d’interopérabilité "
                "publics en vigueur (par exemple les profils FHIR nationaux).",
                False,
                "Déclaration de conformité, résultats des tests d’interopérabilité.",
            ),
        ],
    ),
    (
        "accessibilite",
        "Accessibilité",
        "L’usage de l’application par tous, y compris les personnes en situation de handicap.",
        [
            (
                "ACC-01",
                "L’application respecte le référentiel général d’amélioration de l’accessibilité "
                "(RGAA) ou la norme EN 301 549 ; une déclaration d’accessibilité est publiée.",
                True,
                "Déclaration d’accessibilité, rapport d’audit.",
            ),
            (
                "ACC-02",
                "Les textes sont lisibles par des personnes âgées ou peu familières du numérique : "
                "taille de caractères réglable, vocabulaire simple, parcours sans piège.",
                False,
                "Résultats de tests auprès d’utilisateurs, captures d’écran.",
            ),
        ],
    ),
    (
        "usage",
        "Utilisation et suivi",
        "L’accompagnement de l’utilisateur et le suivi de l’application dans la durée.",
        [
            (
                "USA-01",
                "Un support joignable est proposé et les signalements d’effets indésirables ou de "
                "dysfonctionnements sont recueillis, analysés et, pour un dispositif médical, "
                "déclarés à l’ANSM.",
                True,
                "Procédure de support et de matériovigilance, statistiques de signalements.",
            ),
        ],
    ),
]

HUB_LINK = {
    "audience": "medecins",
    "title": "Applications de santé labellisées",
    "body": (
        "Avant de recommander une application de santé ou un objet connecté à un patient, "
        "vérifiez s’il a reçu le label de l’Ordre : finalité, fiabilité, usage des données, "
        "consentement et sécurité évalués par un organisme accrédité."
    ),
    "link_label": "Consulter le registre des applications",
    "link_url": "/applications/",
    "position": 40,
}


def _typeset(text):
    """The French spacing the portal writes (docs/french.md), kept readable above."""
    text = re.sub(r" ([:;?!])", "\u00a0\\1", text)
    return text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")


def seed(apps, schema_editor):
    FrameworkVersion = apps.get_model("appregister", "FrameworkVersion")
    Domain = apps.get_model("appregister", "Domain")
    Criterion = apps.get_model("appregister", "Criterion")
    if not FrameworkVersion.objects.filter(number=1).exists():
        from django.utils import timezone

        version = FrameworkVersion.objects.create(
            number=1,
            title="Référentiel de l’Ordre pour les applications de santé et objets connectés",
            notes="Première version.",
            is_current=not FrameworkVersion.objects.filter(is_current=True).exists(),
            published_at=timezone.now(),
        )
        for d_position, (code, title, description, criteria) in enumerate(DOMAINS, start=1):
            domain = Domain.objects.create(
                version=version,
                code=code,
                title=_typeset(title),
                description=_typeset(description),
                position=d_position,
            )
            for c_position, (ref, requirement, mandatory, evidence) in enumerate(
                criteria, start=1
            ):
                Criterion.objects.create(
                    domain=domain,
                    code=ref,
                    requirement=_typeset(requirement),
                    is_mandatory=mandatory,
                    evidence_expected=_typeset(evidence),
                    position=c_position,
                )
    daily_task_schedule(
        apps,
        name="Rappels de renouvellement des labels d’applications",
        task="appregister.tasks.send_renewal_reminders",
        hour=8,
        minute=15,
    )
    HubBlock = apps.get_model("portal", "HubBlock")
    HubBlock.objects.get_or_create(
        audience=HUB_LINK["audience"],
        kind="navigation",
        link_url=HUB_LINK["link_url"],
        defaults={
            "title": HUB_LINK["title"],
            "body": _typeset(HUB_LINK["body"]),
            "link_label": HUB_LINK["link_label"],
            "position": HUB_LINK["position"],
            "is_published": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("appregister", "0001_register"),
        ("portal", "0002_default_hub_blocks"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
