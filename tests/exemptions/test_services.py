"""Exemption requests: filing before the deadline, one open per call, every transition, the
call adjusted by each decision (total, half, refused), emails at each step, races."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from cotisations.models import (
    Attestation,
    CallStatus,
    Category,
    Checkout,
    CheckoutStatus,
    PaymentStatus,
)
from cotisations.services.payments import checkout_start
from exemptions.emails import REASON
from exemptions.models import (
    ExemptionDocument,
    ExemptionEvent,
    ExemptionRequest,
    ExemptionStatus,
)
from exemptions.services import (
    exemption_document_add,
    exemption_request_create,
    exemption_request_decide,
    exemption_request_withdraw,
)
from portal.workflow import TransitionError
from tests.exemptions.helpers import (
    BEFORE_DEADLINE,
    YEAR,
    campaign_with_call,
    cheque,
    filed,
    owner,
    staged_pdf,
)

pytestmark = pytest.mark.django_db

S = ExemptionStatus


@pytest.fixture
def call(db):
    return campaign_with_call()


def decide(request, staff, decision, reason="Revenus 2026 effondrés, avis d’imposition joint."):
    return exemption_request_decide(
        request_id=request.pk, staff=staff, decision=decision, reason=reason
    )


def test_a_request_is_filed_with_its_document_and_the_doctor_is_told(
    call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = filed(call, kind="half", with_document=True)
    assert request.status == S.SUBMITTED
    assert request.user == owner(call)
    (document,) = request.documents.all()
    assert document.storage_name.startswith("exemptions/v1/")
    assert b"".join(document.open_plaintext()).startswith(b"%PDF")
    (email,) = mail.outbox
    assert email.to == [owner(call).email]
    assert email.subject == f"Votre demande d’exonération de la cotisation {YEAR} a bien été reçue"
    assert "exonération de moitié" in email.body
    assert "difficultés financières graves" in email.body
    assert "Vous pouvez ajouter des justificatifs" in email.body
    assert REASON in email.body  # why the doctor gets it, in the footer
    assert ExemptionEvent.objects.get().email_sent_at is not None


def test_the_deadline_day_is_still_in_time_the_day_after_is_refused_on_the_field(call, vault_root):
    user = owner(call)
    deadline = call.campaign.deadline
    with pytest.raises(ValidationError) as error:
        exemption_request_create(
            user=user,
            call_id=call.pk,
            kind="total",
            reason="illness",
            explanation="Arrêt maladie depuis janvier.",
            staged=staged_pdf(user),
            today=deadline + datetime.timedelta(days=1),
        )
    assert (
        "La date limite de la cotisation 2027 (31 mars 2027) est passée"
        in (error.value.message_dict["kind"][0])
    )
    assert not ExemptionRequest.objects.exists()
    # The staged document went with the refusal: nothing is left in storage.
    assert not [p for p in vault_root.rglob("*") if p.is_file()]
    exemption_request_create(
        user=user,
        call_id=call.pk,
        kind="total",
        reason="illness",
        explanation="Arrêt maladie depuis janvier.",
        today=deadline,
    )


def test_one_open_request_per_call_and_a_new_one_after_a_decision(call, staff):
    first = filed(call)
    with pytest.raises(ValidationError) as error:
        filed(call, kind="total")
    assert "déjà une demande d’exonération en cours" in " ".join(error.value.messages)
    decide(first, staff, S.REFUSED)
    second = filed(call, kind="total")
    assert second.status == S.SUBMITTED


def test_missing_fields_are_refused_field_by_field(call):
    user = owner(call)
    with pytest.raises(ValidationError) as error:
        exemption_request_create(
            user=user,
            call_id=call.pk,
            kind="third",
            reason="",
            explanation="  ",
            today=BEFORE_DEADLINE,
        )
    assert set(error.value.message_dict) == {"kind", "reason", "explanation"}


def test_only_the_doctor_of_the_call_may_file_on_it(call):
    other = campaign_with_call("autre@exemple.test")
    with pytest.raises(PermissionDenied):
        exemption_request_create(
            user=owner(other),
            call_id=call.pk,
            kind="half",
            reason="financial",
            explanation="Pas mon appel.",
            today=BEFORE_DEADLINE,
        )
    assert not ExemptionRequest.objects.exists()


def test_granted_half_halves_the_call_and_each_councils_part(call, staff, mailoutbox):
    request = filed(call, kind="half")
    decide(request, staff, S.GRANTED_HALF)
    call.refresh_from_db()
    assert (call.category, call.status, call.amount_cents) == (
        Category.HALF_EXEMPT,
        CallStatus.OPEN,
        18250,
    )
    assert (call.departmental_cents, call.regional_cents, call.national_cents) == (
        5650,
        2150,
        10450,
    )
    assert call.balance_cents == 18250
    request.refresh_from_db()
    assert request.status == S.GRANTED_HALF
    assert request.decided_by == staff
    assert call.status_changes.count() == 0  # the status did not move


def test_granted_half_on_a_paid_call_keeps_what_fits_and_the_rest_is_to_refund(call, staff):
    cheque(call, 10000, datetime.date(YEAR, 1, 20))
    cheque(call, 26500, datetime.date(YEAR, 2, 1))
    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    assert Attestation.objects.filter(call=call, amount_cents=36500).exists()
    decide(filed(call), staff, S.GRANTED_HALF)
    call.refresh_from_db()
    # The first cheque fits the half (100 € of 182,50 €); the second is to be refunded whole.
    assert (call.status, call.amount_cents, call.paid_cents) == (
        CallStatus.PARTIALLY_PAID,
        18250,
        10000,
    )
    assert sorted(call.payments.values_list("amount_cents", "status")) == [
        (10000, PaymentStatus.SUCCEEDED),
        (26500, PaymentStatus.REFUND_DUE),
    ]
    assert not Attestation.objects.filter(call=call).exists()


def test_granted_half_paid_exactly_by_what_was_received_issues_the_new_attestation(call, staff):
    cheque(call, 18250)
    decide(filed(call), staff, S.GRANTED_HALF)
    call.refresh_from_db()
    assert (call.status, call.paid_cents) == (CallStatus.PAID, 18250)
    assert call.attestation.amount_cents == 18250


def test_granted_total_exempts_the_call_and_payments_become_to_refund(
    call, staff, django_capture_on_commit_callbacks
):
    cheque(call, 5000)
    checkout = checkout_start(call_id=call.pk, user=owner(call), mode="full")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(filed(call, kind="total"), staff, S.GRANTED_TOTAL)
    call.refresh_from_db()
    assert (call.status, call.category, call.paid_cents, call.balance_cents) == (
        CallStatus.EXEMPT,
        Category.EXEMPT,
        0,
        0,
    )
    assert list(call.payments.values_list("status", flat=True)) == [PaymentStatus.REFUND_DUE]
    # The payment page opened before the decision no longer counts as open.
    assert Checkout.objects.get(pk=checkout.pk).status == CheckoutStatus.EXPIRED
    assert [c.to_status for c in call.status_changes.all()] == [
        CallStatus.PARTIALLY_PAID,
        CallStatus.OPEN,
        CallStatus.EXEMPT,
    ]
    _received, decided = mail.outbox
    assert decided.subject == f"Cotisation {YEAR}\u00a0: exonération totale accordée"
    assert "Vous n’avez rien à régler pour cette année" in decided.body
    assert "Les 50,00\u00a0€ déjà réglés vous seront remboursés" in decided.body
    assert "Revenus 2026 effondrés" in decided.body


def test_a_total_request_may_be_granted_half(call, staff):
    decide(filed(call, kind="total"), staff, S.GRANTED_HALF)
    call.refresh_from_db()
    assert call.amount_cents == 18250


def test_refused_leaves_the_call_and_says_why(call, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decide(filed(call), staff, S.REFUSED, reason="Aucun justificatif de revenus.")
    call.refresh_from_db()
    assert (call.amount_cents, call.status, call.category) == (
        36500,
        CallStatus.OPEN,
        Category.ACTIVE,
    )
    refused = mail.outbox[-1]
    assert "n’est pas accordée" in refused.subject
    assert "Aucun justificatif de revenus." in refused.body
    assert "365,00\u00a0€" in refused.body


def test_a_decision_needs_a_reason_and_staff(call, staff):
    request = filed(call)
    with pytest.raises(ValidationError) as error:
        decide(request, staff, S.GRANTED_HALF, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        decide(request, owner(call), S.GRANTED_HALF)
    with pytest.raises(ValidationError):
        decide(request, staff, S.WITHDRAWN)  # not a decision
    request.refresh_from_db()
    call.refresh_from_db()
    assert (request.status, call.amount_cents) == (S.SUBMITTED, 36500)


def test_deciding_twice_is_refused_and_changes_nothing(call, staff):
    request = filed(call)
    decide(request, staff, S.GRANTED_HALF)
    for decision in (S.GRANTED_HALF, S.GRANTED_TOTAL, S.REFUSED):
        with pytest.raises(TransitionError):
            decide(request, staff, decision)
    call.refresh_from_db()
    assert (call.amount_cents, call.status) == (18250, CallStatus.OPEN)
    assert ExemptionEvent.objects.filter(request=request).count() == 2


def test_withdrawn_by_the_doctor_then_no_decision_nor_document(call, staff):
    request = filed(call)
    exemption_request_withdraw(user=owner(call), request_id=request.pk)
    request.refresh_from_db()
    assert request.status == S.WITHDRAWN
    with pytest.raises(TransitionError):
        decide(request, staff, S.GRANTED_TOTAL)
    with pytest.raises(TransitionError):
        exemption_request_withdraw(user=owner(call), request_id=request.pk)
    with pytest.raises(ValidationError) as error:
        exemption_document_add(
            user=owner(call), request_id=request.pk, staged=staged_pdf(owner(call))
        )
    assert "close" in error.value.message_dict["documents"][0]
    assert not ExemptionDocument.objects.exists()


def test_another_doctor_can_neither_withdraw_nor_add_a_document(call, vault_root):
    request = filed(call)
    intruder = owner(campaign_with_call("intrus@exemple.test"))
    with pytest.raises(PermissionDenied):
        exemption_request_withdraw(user=intruder, request_id=request.pk)
    with pytest.raises(PermissionDenied):
        exemption_document_add(user=intruder, request_id=request.pk, staged=staged_pdf(intruder))
    assert not [p for p in vault_root.rglob("*") if p.is_file()]


def test_a_request_on_an_exempt_or_already_halved_call_is_refused(call, staff):
    decide(filed(call), staff, S.GRANTED_HALF)
    with pytest.raises(ValidationError) as error:
        filed(call, kind="half")
    assert "déjà réduite de moitié" in error.value.message_dict["kind"][0]
    decide(filed(call, kind="total"), staff, S.GRANTED_TOTAL)
    call.refresh_from_db()
    assert call.status == CallStatus.EXEMPT
    with pytest.raises(ValidationError) as error:
        filed(call, kind="total")
    assert "rien à exonérer" in error.value.message_dict["kind"][0]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_staff_deciding_at_once_one_decision_wins(postgres, call, staff):
    from tests.factories import UserFactory

    other = UserFactory.create(email="conseil2@ordre.test", is_staff=True)
    request = filed(call)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def run(user, decision):
        try:
            barrier.wait()
            decide(request, user, decision)
            outcomes.append(decision)
        except TransitionError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(staff, S.GRANTED_HALF)),
        threading.Thread(target=run, args=(other, S.GRANTED_TOTAL)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 1
    assert len(errors) == 1
    request.refresh_from_db()
    call.refresh_from_db()
    assert request.status == outcomes[0]
    if outcomes[0] == S.GRANTED_HALF:
        assert (call.status, call.amount_cents) == (CallStatus.OPEN, 18250)
    else:
        assert (call.status, call.amount_cents) == (CallStatus.EXEMPT, 36500)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_requests_filed_at_once_one_is_kept(postgres, call):
    barrier = threading.Barrier(2)
    created, errors = [], []

    def run(kind):
        try:
            barrier.wait()
            created.append(filed(call, kind=kind).pk)
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(kind,)) for kind in ("half", "total")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(created) == 1
    assert len(errors) == 1
    assert ExemptionRequest.objects.filter(status=S.SUBMITTED).count() == 1
