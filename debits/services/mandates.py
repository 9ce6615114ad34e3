"""Mandates: the account a doctor authorises, validated, referenced (RUM) and recorded."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from debits.models import DebitStatus, Mandate, MandateStatus, MandateType, ScheduledDebit
from roll.models import Doctor

# The version of the mandate's French text the doctor accepted (templates/debits/mandate_text.html).
# Change it whenever that text changes: each mandate keeps the version it was accepted under.
MANDATE_TEXT_VERSION = "2026-12"
# A recurrent mandate unused for this long may no longer be used (SEPA rulebook).
LAPSE_MONTHS = 36


@dataclass(frozen=True)
class Account:
    debtor_name: str
    iban: str
    bic: str


def account_check(*, debtor_name: str, iban: str, bic: str = "") -> Account:
    """The holder and account, normalised; field-level French errors otherwise."""
    errors: dict[str, str] = {}
    debtor_name = " ".join(debtor_name.split())
    if not debtor_name:
        errors["debtor_name"] = "Indiquez le nom du titulaire du compte."
    elif len(debtor_name) > 70:
        errors["debtor_name"] = "Le nom du titulaire ne peut pas dépasser 70 caractères."
    checked_iban = None
    try:
        checked_iban = IBAN(iban)
    except SchwiftyException:
        errors["iban"] = (
            "Cet IBAN n’est pas valide. Vérifiez-le sur votre relevé d’identité bancaire "
            "(il commence par deux lettres, par exemple FR76…)."
        )
    if checked_iban is not None and not checked_iban.in_sepa_zone:
        errors["iban"] = "Ce compte n’est pas dans la zone SEPA : le prélèvement est impossible."
    bic_value = ""
    if bic.strip():
        try:
            bic_value = str(BIC(bic.strip().upper()))
        except SchwiftyException:
            errors["bic"] = "Ce BIC n’est pas valide (8 ou 11 caractères, par exemple AGRIFRPP)."
    elif checked_iban is not None and checked_iban.bic is not None:
        bic_value = str(checked_iban.bic)
    if errors:
        raise ValidationError(errors)
    assert checked_iban is not None
    return Account(debtor_name=debtor_name, iban=checked_iban.compact, bic=bic_value)


def _reference(doctor: Doctor, attempt: int) -> str:
    # CNOM-<RPPS>-<year>-<n>: at most 27 characters; a new contract (plan with a new account)
    # always gets a new number.
    count = Mandate.objects.filter(doctor=doctor).count() + 1 + attempt
    return f"CNOM-{doctor.rpps}-{timezone.localdate().year}-{count:02d}"


def mandate_create(
    *, doctor: Doctor, account: Account, recurrent: bool, ip: str, provider: str = "sepa_file"
) -> Mandate:
    """A new mandate with a new RUM, accepted now from `ip` under the current text."""
    for attempt in range(5):
        mandate = Mandate(
            doctor=doctor,
            reference=_reference(doctor, attempt),
            debtor_name=account.debtor_name,
            iban=account.iban,
            bic=account.bic,
            type=MandateType.RECURRENT if recurrent else MandateType.ONE_OFF,
            accepted_at=timezone.now(),
            acceptance_ip=ip,
            text_version=MANDATE_TEXT_VERSION,
            provider=provider,
        )
        mandate.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                mandate.save()
        except IntegrityError:
            continue  # two acceptances at once took the same number: take the next
        return mandate
    raise ValidationError("Le mandat n’a pas pu être enregistré ; réessayez.")


def mandate_revoke(*, mandate: Mandate) -> None:
    if mandate.status == MandateStatus.ACTIVE:
        mandate.status = MandateStatus.REVOKED
        mandate.revoked_at = timezone.now()
        mandate.save(update_fields=["status", "revoked_at"])


def mandates_lapse(*, today: date) -> int:
    """Recurrent mandates without a collection for 36 months and nothing scheduled: lapsed."""
    cutoff = today - timedelta(days=LAPSE_MONTHS * 365 // 12)
    pending = ScheduledDebit.objects.filter(
        status__in=(DebitStatus.SCHEDULED, DebitStatus.BATCHED)
    ).values("mandate_id")
    stale = Mandate.objects.filter(status=MandateStatus.ACTIVE, type=MandateType.RECURRENT).exclude(
        pk__in=pending
    )
    stale = stale.filter(last_collected_on__lt=cutoff) | stale.filter(
        last_collected_on__isnull=True, accepted_at__date__lt=cutoff
    )
    return stale.update(status=MandateStatus.LAPSED)
