"""D1: a doctor pays the dues by SEPA direct debit in 10 monthly debits (sepa_file provider),
staff file the pain.008 batch and import the bank's return; the doctor is told and the call
reopens. Emails go over real SMTP to a sink; pages pass axe; screenshots at 390 and 1280 px
land in var/e2e/direct-debit/ to look at.
"""

import re
import xml.etree.ElementTree as ET
from datetime import date
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path

import pytest

from cotisations.models import CallStatus, DuesCall, PaymentStatus
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from debits.models import DebitBatch, DebitPlan, DebitStatus
from debits.pain008 import NAMESPACE, pain008_validate
from debits.services.batches import debits_settle
from tests.auth_helpers import enable_totp
from tests.conftest import ROOT
from tests.debits.conftest import pain002
from tests.e2e.helpers import click_and_load, field, log_in_with_totp
from tests.factories import DoctorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "anne.moreau@exemple.test"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
SHOTS = ROOT / "var" / "e2e" / "direct-debit"
NS = {"p": NAMESPACE}


def _text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def _subject(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _shot(page, name: str, width: int) -> None:
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def _download_batch(page, batch: DebitBatch) -> bytes:
    page.goto(f"/admin/debits/debitbatch/{batch.pk}/change/")
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Télécharger {batch.message_id}.xml").click()
    return Path(info.value.path()).read_bytes()


def _transactions(document: bytes) -> list[tuple[str, str, str]]:
    root = ET.fromstring(document)  # noqa: S314 - the portal's own file
    return [
        (
            tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS) or "",
            tx.findtext("p:InstdAmt", namespaces=NS) or "",
            info.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS) or "",
        )
        for info in root.iterfind(".//p:PmtInf", NS)
        for tx in info.iterfind("p:DrctDbtTxInf", NS)
    ]


def _generate(page, when: date) -> DebitBatch:
    page.goto("/admin/debits/debitbatch/")
    click_and_load(page, page.get_by_role("link", name="Générer un lot (pain.008)"))
    page.get_by_label("Date de prélèvement").fill(when.isoformat())
    click_and_load(page, page.get_by_role("button", name="Générer le lot"))
    return DebitBatch.objects.get(collection_date=when)


@pytest.mark.parametrize("width", [390, 1280])
def test_ten_monthly_debits_from_mandate_to_return(
    page, accessible, smtp_settings, live_server, width
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    user = UserFactory.create(email=EMAIL)
    user.doctor = DoctorFactory(first_name="Anne", last_name="Moreau")
    user.save(update_fields=["doctor"])
    campaign_open_calls(campaign_id=campaign_create(year=date.today().year + 1).pk)
    call = DuesCall.objects.get(doctor=user.doctor)
    log_in_with_totp(page, accessible, EMAIL, enable_totp(user))

    # The doctor chooses 10 monthly debits and sees the schedule before accepting.
    page.goto("/espace/cotisations/")
    click_and_load(page, page.get_by_role("link", name="Payer par prélèvement SEPA"))
    accessible("choix du prélèvement")
    page.get_by_label("En 10 mensualités").check()
    page.get_by_label("Le 15 du mois").check()
    field(page, "Titulaire du compte").fill("Anne Moreau")
    field(page, "IBAN").fill("FR76 3000 6000 0112 3456 7890 188")
    click_and_load(page, page.get_by_role("button", name="Voir l’échéancier"))
    assert "Cet IBAN n’est pas valide" in page.content()
    accessible("IBAN refusé")
    _shot(page, "iban-error", width)
    field(page, "IBAN").fill(IBAN)
    click_and_load(page, page.get_by_role("button", name="Voir l’échéancier"))
    accessible("échéancier et mandat")
    _shot(page, "schedule", width)
    rows = page.locator("table tbody tr")
    assert rows.count() == 10
    assert "8 semaines" in page.locator("#mandate-text").inner_text()
    page.get_by_label("J’accepte le mandat de prélèvement SEPA ci-dessus et l’échéancier").check()
    click_and_load(page, page.get_by_role("button", name="Accepter le mandat"))
    page.wait_for_url(re.compile(r"/espace/cotisations/prelevements/\d+/$"))
    accessible("mon prélèvement")
    _shot(page, "plan", width)
    plan = DebitPlan.objects.get(call=call)
    debits = list(plan.debits.order_by("number"))
    assert len(debits) == 10
    assert plan.mandate.reference in page.content()

    # The schedule arrives by email: the 14-day pre-notification.
    (notice,) = [m for m in smtp_settings.messages if EMAIL in m["To"]]
    assert "échéancier" in _subject(notice)
    body = _text(notice)
    assert plan.mandate.reference in body
    assert (debits[0].due_on - date.today()).days >= 14
    smtp_settings.clear()

    # Staff, in their own browser, generate the first two batches and check what goes to
    # the bank. (The doctor's session stays open: a second TOTP login within the same
    # 30-second step would reuse a code, which allauth refuses.)
    doctor_page = page
    staff_context = page.context.browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = staff_context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    staff = UserFactory.create(email="tresorerie@ordre.test", is_staff=True, is_superuser=True)
    # (`accessible` checks the doctor's page; the admin login is the one every staff test uses.)
    log_in_with_totp(page, lambda label: None, staff.email, enable_totp(staff), next_url="/admin/")
    first = _generate(page, debits[0].due_on)
    assert f"Lot {first.message_id} généré" in page.content()
    _shot(page, "admin-batch", width)
    second = _generate(page, debits[1].due_on)
    for batch, debit, sequence in ((first, debits[0], "FRST"), (second, debits[1], "RCUR")):
        document = _download_batch(page, batch)
        pain008_validate(document)
        amount = f"{debit.amount_cents // 100}.{debit.amount_cents % 100:02d}"
        assert _transactions(document) == [(debit.end_to_end_id, amount, sequence)]
    assert sum(d.amount_cents for d in debits) == call.amount_cents

    # The first batch is submitted; on its date it counts as paid.
    page.goto("/admin/debits/debitbatch/")
    page.get_by_role("checkbox", name=re.compile(first.message_id)).check()
    page.locator("select[name=action]").select_option("submit")
    click_and_load(page, page.get_by_role("button", name="Envoyer"))
    assert debits_settle(today=debits[0].due_on) == 1
    call.refresh_from_db()
    assert call.status == CallStatus.PARTIALLY_PAID

    # The bank's report rejects it: staff import the file.
    report = pain002(first, rejected=plan.debits.get(number=1))
    page.goto("/admin/debits/debitbatch/importer/")
    page.get_by_label("Rapport de statut de la banque (pain.002, XML)").set_input_files(
        files=[{"name": "retour.xml", "mimeType": "text/xml", "buffer": report}]
    )
    click_and_load(page, page.get_by_role("button", name="Importer"))
    assert "1 rejet enregistré" in page.content()
    _shot(page, "admin-import", width)
    debit = plan.debits.get(number=1)
    assert debit.status == DebitStatus.REJECTED
    assert debit.payment.status == PaymentStatus.RETURNED  # type: ignore[union-attr]

    # The doctor is told, and sees the call to pay again.
    # (The settlement's payment confirmation went out first, with its receipt.)
    mine = [m for m in smtp_settings.messages if EMAIL in m["To"]]
    (failed,) = [m for m in mine if "n’a pas abouti" in _subject(m)]
    assert "Provision insuffisante" in _text(failed)
    staff_context.close()
    page = doctor_page
    page.goto("/espace/cotisations/")
    accessible("cotisation rouverte")
    _shot(page, "reopened", width)
    assert page.locator(".dues-status").inner_text() == "À régler"
    assert "a été rejeté par votre banque" in page.content()
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
