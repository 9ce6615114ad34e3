"""Writes for Pro Santé Connect: the first link of a PSC identity to an account, its removal,
and the change request offered when PSC and the roll disagree."""

import logging

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from accounts.services.claims import claim_link_proven, mask_rpps
from psc.identity import PSCIdentity
from psc.selectors import other_way_in
from psc.views import PROVIDER_ID
from roll.models import Doctor
from roll.models_changes import ChangeRequest
from roll.services.changes import change_request_create

security_log = logging.getLogger("portal.security")

LAST_WAY_IN_MESSAGE = (
    "Pro Santé Connect est aujourd’hui votre seul moyen de vous connecter\u00a0: définissez "
    "d’abord un mot de passe (ou une clé d’accès) avant de retirer ce lien."
)


class PSCLinkRefused(Exception):
    def __init__(self, reason: str, doctor: Doctor | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.doctor = doctor


def _doctor_for(identity: PSCIdentity) -> Doctor:
    if not identity.rpps:
        raise PSCLinkRefused("no_rpps")
    if not identity.is_doctor:
        raise PSCLinkRefused("not_doctor")
    doctor = Doctor.objects.filter(rpps=identity.rpps).first()
    if doctor is None:
        raise PSCLinkRefused("not_on_roll")
    return doctor


def _account_create(*, doctor: Doctor, identity: PSCIdentity) -> User:
    """A new account for a doctor PSC has proven, at the roll's address (PSC's otherwise)."""
    email = (doctor.email or identity.email).strip().lower()
    if not email:
        raise PSCLinkRefused("no_email", doctor)
    if User.objects.filter(email__iexact=email).exists():
        raise PSCLinkRefused("email_taken", doctor)
    user = User(email=email, first_name=doctor.first_name, last_name=doctor.last_name)
    # No password: the doctor enters with PSC until they set one (« Mes connexions »).
    user.set_unusable_password()
    user.full_clean()
    user.save()
    # The roll's address is the one the council writes to; PSC's still has to be confirmed.
    EmailAddress.objects.create(
        user=user, email=email, primary=True, verified=email == doctor.email.lower()
    )
    return user


def psc_account_link(*, user: User | None, identity: PSCIdentity) -> User:
    """The account a first PSC login lands on, claimed in one step: `user` if logged in,
    otherwise a new account. Raises PSCLinkRefused; the caller saves the PSC link in the same
    transaction."""
    doctor = _doctor_for(identity)
    if user is not None:
        if user.doctor_id == doctor.pk:
            return user
        if user.doctor_id is not None:
            raise PSCLinkRefused("other_entry", doctor)
    elif User.objects.filter(doctor=doctor).exists():
        raise PSCLinkRefused("taken", doctor)
    with transaction.atomic():
        if user is None:
            user = _account_create(doctor=doctor, identity=identity)
        try:
            claim_link_proven(user=user, doctor=doctor, proof="psc")
        except ValidationError as error:
            reason = "taken" if error.code == "claim_doctor_taken" else "other_entry"
            raise PSCLinkRefused(reason, doctor) from error
    security_log.info("psc link user=%s rpps=%s", user.pk, mask_rpps(doctor.rpps))
    return user


def psc_link_remove(*, user: User) -> bool:
    """Remove the user's PSC link, only if another way in remains. Returns whether one went."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        account = SocialAccount.objects.filter(user=locked, provider=PROVIDER_ID).first()
        if account is None:
            return False
        if not other_way_in(user=locked):
            raise ValidationError(LAST_WAY_IN_MESSAGE, code="last_way_in")
        account.delete()
    security_log.info("psc unlink user=%s", user.pk)
    return True


def psc_change_offer(*, user: User, identity: PSCIdentity) -> ChangeRequest:
    """File, for the council, the specialty PSC gives when it differs from the roll's, the
    names of practice going in the explanation (the roll's names are not changed online)."""
    doctor = user.doctor
    if doctor is None or doctor.rpps != identity.rpps:
        raise ValidationError("Votre compte n’est pas rattaché à cette inscription.")
    notes = [
        f"Nom d’exercice dans Pro Santé Connect\u00a0: {identity.first_name} {identity.last_name}."
    ]
    if identity.specialty:
        notes.append(f"Spécialité dans Pro Santé Connect\u00a0: {identity.specialty}.")
    values = {"specialty": identity.specialty} if identity.specialty else {}
    return change_request_create(
        doctor=doctor,
        user=user,
        values=values,
        explanation=" ".join(["Écarts relevés à la connexion avec Pro Santé Connect.", *notes]),
    )
