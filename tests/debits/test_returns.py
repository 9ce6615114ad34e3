"""Returns: the bank's pain.002 and staff-entered R-codes; once each; the call reopens."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cotisations.models import CallStatus, PaymentStatus
from debits.models import DebitReturn, DebitStatus, MandateStatus, PlanStatus, ReturnSource
from debits.pain002 import Pain002Invalid, pain002_parse
from debits.services.batches import batch_generate, batch_submit, debits_settle
from debits.services.returns import debit_return_record, pain002_import
from tests.debits.conftest import collect_first, first_due, make_plan, pain002

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(doctor_user, call):
    """A 10-debit plan whose first debit was collected and recorded as paid."""
    plan = make_plan(doctor_user, call)
    collect_first(plan)
    mail.outbox.clear()
    return plan, plan.debits.get(number=1).batch


def test_the_fixture_reads_as_a_status_report(settled):
    plan, batch = settled
    debit = plan.debits.get(number=1)
    report = pain002_parse(pain002(batch, rejected=debit))
    assert report.original_message_id == batch.message_id
    assert report.group_status == "PART"
    assert next((line.end_to_end_id, line.status, line.reason_code) for line in report.lines) == (
        debit.end_to_end_id,
        "RJCT",
        "AM04",
    )


def test_a_rejected_debit_returns_the_payment_and_reopens_the_call(
    settled, call, doctor_user, django_capture_on_commit_callbacks
):
    plan, batch = settled
    debit = plan.debits.get(number=1)
    with django_capture_on_commit_callbacks(execute=True):
        result = pain002_import(data=pain002(batch, rejected=debit), actor=None)
    assert result.recorded == 1
    debit.refresh_from_db()
    assert debit.status == DebitStatus.REJECTED
    assert debit.payment.status == PaymentStatus.RETURNED  # type: ignore[union-attr]
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert call.paid_cents == 0
    plan.refresh_from_db()
    # The rest of the plan is not presented: the doctor pays another way or sets up a new one.
    assert plan.status == PlanStatus.SUSPENDED
    assert plan.debits.filter(status=DebitStatus.CANCELLED).count() == 9
    # Insufficient funds does not end the mandate.
    assert plan.mandate.status == MandateStatus.ACTIVE
    (message,) = mail.outbox
    assert message.to == [doctor_user.email]
    assert "Provision insuffisante" in message.body
    assert "n’a pas abouti" in message.subject


def test_a_return_imported_twice_changes_nothing_more(
    settled, call, django_capture_on_commit_callbacks
):
    plan, batch = settled
    debit = plan.debits.get(number=1)
    data = pain002(batch, rejected=debit)
    with django_capture_on_commit_callbacks(execute=True):
        pain002_import(data=data, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        again = pain002_import(data=data, actor=None)
    assert (again.recorded, again.already_known) == (0, 1)
    assert DebitReturn.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_rejection_before_settlement_records_no_payment(doctor_user, call):
    plan = make_plan(doctor_user, call)
    batch = batch_generate(collection_date=first_due(plan), actor=None)
    debit = plan.debits.get(number=1)
    pain002_import(data=pain002(batch, rejected=debit, reason="AC04"), actor=None)  # type: ignore[arg-type]
    debit.refresh_from_db()
    assert debit.status == DebitStatus.REJECTED
    assert debit.payment is None
    batch_submit(batch_id=batch.pk)  # type: ignore[union-attr]
    assert debits_settle(today=debit.due_on) == 0  # never counted
    call.refresh_from_db()
    assert call.paid_cents == 0
    plan.mandate.refresh_from_db()
    assert plan.mandate.status == MandateStatus.REVOKED  # closed account


def test_staff_enter_a_return_with_its_code(settled, call):
    plan, _ = settled
    debit = plan.debits.get(number=1)
    record, new = debit_return_record(
        debit_id=debit.pk, reason_code="MD06", source=ReturnSource.STAFF
    )
    assert new
    assert record.reason_label == "Remboursement demandé par le débiteur"
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    _, again = debit_return_record(debit_id=debit.pk, reason_code="MD06", source=ReturnSource.STAFF)
    assert not again


def test_staff_cannot_invent_a_code_nor_reject_an_unsent_debit(settled):
    plan, _ = settled
    with pytest.raises(ValidationError):
        debit_return_record(
            debit_id=plan.debits.get(number=1).pk, reason_code="ZZ99", source=ReturnSource.STAFF
        )
    with pytest.raises(ValidationError, match="pas été transmis"):
        debit_return_record(
            debit_id=plan.debits.get(number=2).pk, reason_code="AM04", source=ReturnSource.STAFF
        )


def test_a_report_on_an_unknown_batch_is_refused(settled):
    plan, batch = settled
    data = pain002(batch, rejected=plan.debits.get(number=1)).replace(
        batch.message_id.encode(), b"AUTRE-LOT"
    )
    with pytest.raises(ValidationError) as caught:
        pain002_import(data=data, actor=None)
    assert "AUTRE-LOT" in caught.value.message_dict["file"][0]
    assert DebitReturn.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        b"not xml",
        b"<Document><Other/></Document>",
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>',
    ],
)
def test_an_unreadable_file_is_refused(data):
    with pytest.raises(Pain002Invalid):
        pain002_parse(data)


def test_a_whole_file_rejected_returns_every_debit(settled, call):
    _plan, batch = settled
    report = (
        '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">'
        "<CstmrPmtStsRpt><GrpHdr><MsgId>STS-ALL</MsgId></GrpHdr><OrgnlGrpInfAndSts>"
        f"<OrgnlMsgId>{batch.message_id}</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId>"
        "<GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf>"
        "</OrgnlGrpInfAndSts></CstmrPmtStsRpt></Document>"
    )
    result = pain002_import(data=report.encode(), actor=None)
    assert result.recorded == batch.transaction_count
    assert DebitReturn.objects.get().reason_code == "FF01"
