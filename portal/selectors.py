"""Reads behind the home page and the three audience hubs."""

import logging
from dataclasses import dataclass, field

from portal.models import Audience, HubBlock, HubBlockKind, link_target_error

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AudienceEntry:
    """One of the site's three entries, as the home page and the hub present it."""

    audience: str
    label: str
    url_name: str
    description: str
    # Shown when staff have published no introduction, so a hub never opens on a bare title.
    default_title: str
    default_body: str


AUDIENCE_ENTRIES: tuple[AudienceEntry, ...] = (
    AudienceEntry(
        audience=Audience.DOCTORS,
        label=Audience.DOCTORS.label,
        url_name="hub_medecins",
        description=(
            "Votre espace personnel, la création de votre compte et vos démarches "
            "auprès de l’Ordre."
        ),
        default_title="Vous êtes médecin",
        default_body=(
            "Inscrit au tableau de l’Ordre, vous effectuez ici vos démarches en ligne "
            "depuis votre espace personnel.\n"
            "Pour y accéder, connectez-vous ou créez votre compte avec votre adresse électronique."
        ),
    ),
    AudienceEntry(
        audience=Audience.PATIENTS,
        label=Audience.PATIENTS.label,
        url_name="hub_patients",
        description=(
            "Le rôle de l’Ordre des médecins, vos droits de patient et le secret médical."
        ),
        default_title="Vous êtes patient",
        default_body=(
            "L’Ordre des médecins veille au respect de la déontologie médicale : "
            "secret médical, qualité des soins, information du patient.\n"
            "Cette rubrique rassemble les informations utiles aux patients."
        ),
    ),
    AudienceEntry(
        audience=Audience.STUDENTS,
        label=Audience.STUDENTS.label,
        url_name="hub_etudiants",
        description=(
            "Votre première inscription au tableau de l’Ordre et la création de votre compte."
        ),
        default_title="Vous êtes étudiant, interne ou docteur junior",
        default_body=(
            "Les internes sont désormais enregistrés dans le répertoire partagé des "
            "professionnels de santé et obtiennent un numéro RPPS.\n"
            "Cette rubrique vous accompagne jusqu’à votre première inscription au tableau."
        ),
    ),
)


@dataclass
class HubContent:
    introductions: list[HubBlock] = field(default_factory=list)
    links: list[HubBlock] = field(default_factory=list)


def audience_entry_list() -> tuple[AudienceEntry, ...]:
    return AUDIENCE_ENTRIES


def audience_entry_get(*, audience: str) -> AudienceEntry | None:
    return next((entry for entry in AUDIENCE_ENTRIES if entry.audience == audience), None)


def hub_content_get(*, audience: str) -> HubContent:
    """The published blocks of one hub, in the order staff set.

    A link validated when it was saved can stop resolving when a page is removed later; such a
    link is left out (and logged for staff) rather than shown as a way to a 404.
    """
    content = HubContent()
    blocks = HubBlock.objects.filter(audience=audience, is_published=True).order_by(
        "position", "pk"
    )
    for block in blocks:
        if block.kind == HubBlockKind.INTRODUCTION:
            content.introductions.append(block)
            continue
        # Every link is checked again, not only portal paths: a row saved before a rule
        # tightened (e.g. "/\t/host", which browsers read as "//host") must not be shown.
        if link_target_error(block.link_url):
            logger.warning(
                "Hub block %s hidden: its link %r leads to no page", block.pk, block.link_url
            )
            continue
        content.links.append(block)
    return content
