"""What the helper can say about a review: its categories, the platforms, the cue families.

Categories are the legal qualifications (1881 press law, civil fault) and the platform-policy
cases the issue lists; each carries its plain French explanation, the sheet passage that
explains it, and whether it is illegal content (DSA notice, lawsuit, 3-month deadline).
Cue families that are not categories feed the advice (care and emotion → « ne pas répondre »)
or the secrecy check of a reply.
"""

from dataclasses import dataclass

from django.db import models


class CueFamily(models.TextChoices):
    """What a staff-edited cue is evidence of."""

    INJURE = "injure", "Injure"
    DIFFAMATION = "diffamation", "Diffamation"
    DENIGREMENT = "denigrement", "Dénigrement"
    MENACES = "menaces", "Menaces ou harcèlement"
    HAINE = "haine", "Haine ou discrimination"
    FAUX_AVIS = "faux_avis", "Faux avis ou conflit d’intérêts"
    DONNEES_TIERS = "donnees_tiers", "Données personnelles ou de santé d’un tiers"
    SANTE = "sante", "Vocabulaire médical (diagnostics, traitements, examens)"
    SOINS = "soins", "Mention d’une prise en charge (consultation, soins)"
    EMOTION = "emotion", "Émotion forte"
    SECRET = "secret", "Réponse\u00a0: ce qui trahit le secret médical"


class CueKind(models.TextChoices):
    WORDS = "mots", "Mot ou expression (comparé après analyse\u00a0: pluriels, accents…)"
    PATTERN = "motif", "Motif (expression régulière sur le texte en minuscules sans accents)"


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    explanation: str
    sheet: str  # "guide/sheet#anchor"
    illegal: bool  # illegal content: DSA notice, complaint, the 3-month deadline matters
    platform_reason: str  # Google's reason in « Signaler un avis », else a generic one
    generic_reason: str

    @property
    def sheet_parts(self) -> tuple[str, str, str]:
        """(guide, sheet, anchor) of the passage that explains the category."""
        path, _, anchor = self.sheet.partition("#")
        guide, _, sheet = path.partition("/")
        return guide, sheet, anchor


LICITE = Category(
    key="licite",
    label="Avis licite",
    explanation=(
        "Rien dans ce texte ne dépasse la liberté d’exprimer une opinion\u00a0: une critique, même "
        "sévère, de l’attente, de l’accueil, des tarifs ou de la façon dont la consultation a été "
        "vécue est protégée. Un tel avis ne peut pas être supprimé pour ce motif."
    ),
    sheet="e-reputation/avis-en-ligne#le-principe-la-liberte-dexprimer-une-opinion",
    illegal=False,
    platform_reason="",
    generic_reason="",
)

CATEGORIES: dict[str, Category] = {
    c.key: c
    for c in (
        Category(
            key=CueFamily.INJURE.value,
            label="Injure",
            explanation=(
                "Une expression outrageante, un terme de mépris ou une invective qui n’impute "
                "aucun fait précis (article 29, alinéa 2, de la loi du 29 juillet 1881)\u00a0: par "
                "exemple «\u00a0charlatan\u00a0», une insulte ou un qualificatif grossier."
            ),
            sheet="e-reputation/diffamation-injure#linjure",
            illegal=True,
            platform_reason="Grossièretés",
            generic_reason="Contenu injurieux",
        ),
        Category(
            key=CueFamily.DIFFAMATION.value,
            label="Diffamation",
            explanation=(
                "L’allégation d’un fait précis qui porte atteinte à l’honneur ou à la "
                "considération, même présentée sous une forme dubitative (article 29, alinéa 1, "
                "de la loi du 29 juillet 1881)\u00a0: une accusation de faute, de malhonnêteté "
                "ou d’un "
                "dommage causé, comme «\u00a0escroc\u00a0» ou «\u00a0m’a laissé des "
                "séquelles\u00a0»."
            ),
            sheet="e-reputation/diffamation-injure#la-diffamation",
            illegal=True,
            platform_reason="Hors sujet",
            generic_reason="Contenu diffamatoire",
        ),
        Category(
            key=CueFamily.DENIGREMENT.value,
            label="Dénigrement",
            explanation=(
                "Le texte discrédite les services du cabinet plutôt que votre personne (appel à "
                "ne pas consulter, comparaison dévalorisante)\u00a0: ce n’est pas une "
                "infraction de "
                "presse mais une faute civile, qui se discute devant le juge civil."
            ),
            sheet="e-reputation/avis-en-ligne#le-principe-la-liberte-dexprimer-une-opinion",
            illegal=False,
            platform_reason="Hors sujet",
            generic_reason="Dénigrement",
        ),
        Category(
            key=CueFamily.MENACES.value,
            label="Menaces ou harcèlement",
            explanation=(
                "Une menace contre vous, vos proches ou le cabinet, ou des messages répétés pour "
                "vous atteindre, relèvent du code pénal (articles 222-17 et 222-33-2-2), dans "
                "des formes aggravées\u00a0: une plainte est possible, indépendamment de l’avis."
            ),
            sheet="e-reputation/reponse-aux-avis#signaler-plutot-que-repondre",
            illegal=True,
            platform_reason="Intimidation ou harcèlement",
            generic_reason="Menaces ou harcèlement",
        ),
        Category(
            key=CueFamily.HAINE.value,
            label="Haine ou discrimination",
            explanation=(
                "Des propos visant une origine, une religion, un sexe, une orientation sexuelle "
                "ou un handicap sont des formes aggravées d’injure ou de diffamation (articles 32 "
                "et 33 de la loi de 1881), poursuivables pendant un an (article 65-3)."
            ),
            sheet="e-reputation/reponse-aux-avis#signaler-plutot-que-repondre",
            illegal=True,
            platform_reason="Discrimination ou incitation à la haine",
            generic_reason="Propos haineux ou discriminatoires",
        ),
        Category(
            key=CueFamily.FAUX_AVIS.value,
            label="Faux avis ou conflit d’intérêts",
            explanation=(
                "Des indices laissent penser que l’auteur n’est pas un patient (concurrent, "
                "ancien salarié, avis en série, personne qui dit ne jamais être venue)\u00a0: les "
                "règles des plateformes interdisent ces avis, qu’elles retirent sur signalement."
            ),
            sheet="e-reputation/avis-en-ligne#le-principe-la-liberte-dexprimer-une-opinion",
            illegal=False,
            platform_reason="Conflit d’intérêts",
            generic_reason="Faux avis ou conflit d’intérêts",
        ),
        Category(
            key=CueFamily.DONNEES_TIERS.value,
            label="Données personnelles d’un tiers",
            explanation=(
                "L’avis révèle des informations sur une autre personne (nom, coordonnées, santé "
                "d’un proche, d’un autre patient ou d’un membre de l’équipe)\u00a0: les règles des "
                "plateformes interdisent de publier les données personnelles d’autrui."
            ),
            sheet="e-reputation/reponse-aux-avis#signaler-plutot-que-repondre",
            illegal=False,
            platform_reason="Informations personnelles",
            generic_reason="Données personnelles d’un tiers",
        ),
    )
}

# Families that only inform the advice and the reply check, never shown as a category.
SIGNAL_FAMILIES = frozenset({CueFamily.SANTE, CueFamily.SOINS, CueFamily.EMOTION, CueFamily.SECRET})


@dataclass(frozen=True)
class Platform:
    key: str
    label: str
    # The person named can answer on the page itself: no right of reply (LCEN art. 6 IV).
    direct_reply: bool
    report_how: str


PLATFORMS: dict[str, Platform] = {
    p.key: p
    for p in (
        Platform(
            "google",
            "Google (fiche d’établissement)",
            True,
            "depuis votre fiche, ouvrez l’avis, puis «\u00a0Signaler un avis\u00a0» et "
            "choisissez le motif",
        ),
        Platform(
            "notation",
            "Site de notation ou de prise de rendez-vous",
            True,
            "utilisez le lien «\u00a0Signaler\u00a0» de l’avis ou le formulaire de contact du site",
        ),
        Platform(
            "forum",
            "Forum",
            True,
            "utilisez le bouton de signalement du message ou écrivez aux modérateurs",
        ),
        Platform(
            "reseau_social",
            "Réseau social",
            True,
            "ouvrez le menu de la publication, puis «\u00a0Signaler\u00a0»",
        ),
        Platform(
            "presse",
            "Site de presse",
            False,
            "écrivez au directeur de la publication dont le nom figure dans les mentions légales",
        ),
        Platform(
            "autre",
            "Autre site",
            False,
            "cherchez le lien de signalement ou les mentions légales (hébergeur, directeur de "
            "la publication)",
        ),
    )
}

PLATFORM_CHOICES = [(p.key, p.label) for p in PLATFORMS.values()]
