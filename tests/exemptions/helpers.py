"""Building blocks of the exemption tests: a campaign, a doctor's call, a staged document."""

import datetime

from accounts.models import User
from cotisations.models import DuesCall
from cotisations.services.calls import payment_record_offline
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from exemptions.models import ExemptionDocument, ExemptionRequest
from exemptions.services import exemption_request_create
from exemptions.uploads import ALLOWED_TYPES, MAX_FILE_BYTES
from tests.factories import DoctorFactory, UserFactory
from vault.streams import StagedObject, stage_chunks

YEAR = 2027
BEFORE_DEADLINE = datetime.date(YEAR, 2, 15)
PDF = b"%PDF-1.7\n" + b"avis d'imposition 2026 " * 40 + b"\n%%EOF\n"


def campaign_with_call(email: str = "anne.durand@exemple.test", **doctor: object) -> DuesCall:
    """The 2027 campaign (deadline 31 March) and the call of a new doctor who claimed it."""
    campaign = campaign_create(year=YEAR)
    user = UserFactory.create(email=email, doctor=DoctorFactory.create(**doctor))
    campaign_open_calls(campaign_id=campaign.pk)
    return DuesCall.objects.select_related("campaign").get(doctor=user.doctor, campaign=campaign)


def owner(call: DuesCall) -> User:
    return User.objects.get(doctor=call.doctor_id)


def staged_pdf(user: User, name: str = "avis.pdf", content: bytes = PDF) -> StagedObject:
    return stage_chunks(
        [content],
        owner_id=user.pk,
        file_name=name,
        max_bytes=MAX_FILE_BYTES,
        quota_left=MAX_FILE_BYTES,
        allowed_types=ALLOWED_TYPES,
        name_prefix=ExemptionDocument.storage_prefix,
    )


def filed(
    call: DuesCall, *, kind: str = "half", with_document: bool = False, **kwargs: object
) -> ExemptionRequest:
    user = owner(call)
    return exemption_request_create(
        user=user,
        call_id=call.pk,
        kind=kind,
        reason=str(kwargs.pop("reason", "financial")),
        explanation=str(kwargs.pop("explanation", "Cabinet fermé six mois après un incendie.")),
        staged=staged_pdf(user) if with_document else None,
        today=BEFORE_DEADLINE,
    )


def cheque(call: DuesCall, cents: int, received_on: datetime.date = BEFORE_DEADLINE) -> None:
    payment_record_offline(
        call_id=call.pk,
        amount_cents=cents,
        method="cheque",
        received_on=received_on,
        reference=f"CHQ {cents}",
        actor=None,
    )
