"""What to do about a review: the deadline, the ordered steps, and whether to reply.

The deadline is the 3 months of art. 65 of the 1881 law from the first publication (a
republication does not restart it); it is shown first, whatever the categories, because it
also bounds the online right of reply (LCEN art. 6 IV). The steps follow the issue's order:
evidence, the platform's report, the DSA notice (illegal content only), the right of reply
(only where the platform offers no direct reply), a lawyer, the council and the insurer.
"""

import calendar
import datetime
from dataclasses import dataclass

from ereputation.analysis import ReviewAnalysis
from ereputation.categories import PLATFORMS, CueFamily

SECRECY_REMINDER = (
    "Le secret médical vous interdit de confirmer que l’auteur est votre patient ou "
    "d’évoquer sa prise en charge, même pour vous défendre."
)


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (30 November + 3 → 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    published_on: datetime.date
    ends_on: datetime.date
    today: datetime.date

    @property
    def days_left(self) -> int:
        return (self.ends_on - self.today).days

    @property
    def passed(self) -> bool:
        return self.days_left < 0


def deadline_for(published_on: datetime.date, *, today: datetime.date) -> Deadline:
    return Deadline(published_on, months_later(published_on, 3), today)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    text: str
    document: str = ""  # the download that goes with it ("preuves", "dsa", "droit_de_reponse")


def right_of_reply_applies(platform: str) -> bool:
    return not PLATFORMS[platform].direct_reply


def steps_for(analysis: ReviewAnalysis, *, platform: str, deadline: Deadline) -> list[Step]:
    where = PLATFORMS[platform]
    steps: list[Step] = []
    if analysis.licit:
        steps.append(
            Step(
                "garder",
                "Ne rien faire à chaud",
                "Cet avis relève de la liberté d’expression\u00a0: il ne sera pas retiré pour ce "
                "motif. Gardez-en simplement une capture datée, au cas où d’autres suivraient.",
            )
        )
    else:
        steps.append(
            Step(
                "preuves",
                "Conserver les preuves",
                "Faites une capture d’écran datée de l’avis avec l’adresse de la page visible. "
                "Pour une action en justice, faites dresser un constat par un commissaire de "
                "justice avant que le contenu ne disparaisse.",
                document="preuves",
            )
        )
        google = platform == "google"
        reasons = "\u00a0; ".join(
            f"«\u00a0{c.platform_reason if google else c.generic_reason}\u00a0»"
            for c in (f.category for f in analysis.findings)
        )
        steps.append(
            Step(
                "signaler",
                "Signaler l’avis à la plateforme",
                f"Plateforme\u00a0: {where.label}\u00a0; {where.report_how}. "
                f"Motif à indiquer\u00a0: {reasons}.",
            )
        )
    if analysis.illegal:
        steps.append(
            Step(
                "dsa",
                "Notifier un contenu illicite (règlement sur les services numériques)",
                "L’article 16 du règlement (UE) 2022/2065 oblige la plateforme à traiter une "
                "notification qui explique pourquoi le contenu est illicite, donne son adresse "
                "exacte, votre nom et votre adresse électronique, et déclare votre bonne foi. "
                "Le texte ci-dessous est prêt à être collé dans son formulaire.",
                document="dsa",
            )
        )
    if right_of_reply_applies(platform) and not deadline.passed:
        steps.append(
            Step(
                "droit_de_reponse",
                "Exercer votre droit de réponse",
                "Ce site ne vous permet pas de répondre directement\u00a0: la loi pour la "
                "confiance "
                "dans l’économie numérique (article 6, IV) vous ouvre un droit de réponse, à "
                "adresser au directeur de la publication dans les trois mois de la "
                f"publication. {SECRECY_REMINDER}",
                document="droit_de_reponse",
            )
        )
    if analysis.illegal:
        text = (
            "Une plainte ou une citation devant le tribunal obéit à un formalisme strict\u00a0: "
            "faites-vous assister par un avocat habitué au droit de la presse."
        )
        if analysis.has(CueFamily.INJURE) or analysis.has(CueFamily.DIFFAMATION):
            text += " L’injure et la diffamation ne peuvent plus être poursuivies après le délai."
        if analysis.has(CueFamily.MENACES):
            text += (
                " Pour des menaces, vous pouvez porter plainte au commissariat ou à la gendarmerie."
            )
        steps.append(Step("avocat", "Consulter un avocat", text))
    if not analysis.licit:
        steps.append(
            Step(
                "informer",
                "Prévenir votre conseil départemental et votre assureur",
                "Le conseil départemental de l’Ordre peut vous écouter et vous orienter. "
                "Déclarez le litige à votre assureur de protection juridique avant d’engager "
                "des frais\u00a0: vérifiez que votre contrat couvre l’e-réputation.",
            )
        )
    return steps


PRACTICE_FIELDS = ("contact", "horaires", "rendez_vous")


@dataclass(frozen=True)
class ReplyAdvice:
    reply: bool  # False: « ne pas répondre » is the advice
    reasons: tuple[str, ...]


def reply_advice(analysis: ReviewAnalysis) -> ReplyAdvice:
    reasons = []
    if analysis.mentions_care:
        reasons.append(
            "l’avis évoque des soins ou la santé\u00a0: toute réponse risque de confirmer "
            "une prise en charge"
        )
    if analysis.emotional:
        reasons.append(
            "l’avis est écrit sous le coup de l’émotion\u00a0: une réponse publique "
            "prolonge souvent la polémique"
        )
    if not analysis.licit:
        reasons.append("l’avis appelle un signalement plutôt qu’une réponse")
    return ReplyAdvice(reply=not reasons, reasons=tuple(reasons))


def reply_template(*, contact: str = "", hours: str = "", appointments: str = "") -> str:
    """A neutral reply with practice-level variables only: it never confirms a visit."""
    lines = [
        "Merci d’avoir pris le temps de vous exprimer.",
        "Le secret médical nous interdit de commenter toute situation particulière, "
        "quelle qu’elle soit.",
    ]
    if hours:
        lines.append(f"Le cabinet est ouvert {hours}.")
    if appointments:
        lines.append(f"Les rendez-vous se prennent {appointments}.")
    lines.append(
        f"Toute personne qui le souhaite peut joindre le cabinet {contact} pour en parler "
        "directement."
        if contact
        else "Toute personne qui le souhaite peut contacter le cabinet pour en parler directement."
    )
    return " ".join(lines)
