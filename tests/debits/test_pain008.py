"""The pain.008 writer: XSD-valid, grouped by sequence and date, the same content as sepaxml."""

import xml.etree.ElementTree as ET
from datetime import date, datetime

import pytest
from sepaxml import SepaDD

from debits.pain008 import (
    NAMESPACE,
    Creditor,
    DebitRow,
    Pain008Invalid,
    pain008_build,
    pain008_validate,
    sepa_text,
)

CREDITOR = Creditor(
    name="Conseil national de l’Ordre des médecins",
    creditor_id="FR72ZZZ123456",
    iban="FR7630006000011234567890189",
    bic="AGRIFRPP",
)
NS = {"p": NAMESPACE}


def row(n: int, *, sequence: str = "RCUR", amount: int = 3650, **fields) -> DebitRow:
    values = {
        "end_to_end_id": f"CNOM-1-1-{n:02d}",
        "amount_cents": amount,
        "sequence": sequence,
        "collection_date": date(2027, 1, 15),
        "mandate_reference": f"CNOM-1000000000{n % 10}-2026-01",
        "mandate_date": date(2026, 12, 1),
        "debtor_name": "Hélène Lefèvre-Dœuf",
        "debtor_iban": "FR1420041010050500013M02606",
        "debtor_bic": "PSSTFRPP",
        "description": "Cotisation ordinale 2027 echeance 1 sur 10",
        **fields,
    }
    return DebitRow(**values)


def build(rows: list[DebitRow]) -> bytes:
    return pain008_build(
        rows, creditor=CREDITOR, message_id="CNOM-20270115-01", created_at=datetime(2027, 1, 10)
    )


def transactions(
    document: bytes,
) -> set[tuple[str | None, str | None, str | None, str | None, str | None]]:
    root = ET.fromstring(document)  # noqa: S314 - our own output
    found = set()
    for info in root.iterfind(".//p:PmtInf", NS):
        sequence = info.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS)
        for tx in info.iterfind("p:DrctDbtTxInf", NS):
            found.add(
                (
                    tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS),
                    tx.findtext("p:InstdAmt", namespaces=NS),
                    sequence,
                    tx.findtext("p:DrctDbtTx/p:MndtRltdInf/p:MndtId", namespaces=NS),
                    tx.findtext("p:DbtrAcct/p:Id/p:IBAN", namespaces=NS),
                )
            )
    return found


def test_the_file_is_valid_against_the_xsd_and_adds_up():
    rows = [row(1, sequence="FRST", amount=3651), row(2), row(3, sequence="FNAL"), row(4)]
    document = build(rows)
    pain008_validate(document)
    root = ET.fromstring(document)  # noqa: S314 - our own output
    assert root.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "4"
    assert root.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == "146.01"
    # FRST, RCUR and FNAL never share a payment information block.
    blocks = {
        info.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS): info.findtext(
            "p:NbOfTxs", namespaces=NS
        )
        for info in root.iterfind(".//p:PmtInf", NS)
    }
    assert blocks == {"FRST": "1", "RCUR": "2", "FNAL": "1"}


def test_sepaxml_writes_the_same_transactions():
    rows = [row(1, sequence="FRST"), row(2), row(3, amount=99)]
    sepa = SepaDD(
        {
            "name": CREDITOR.name,
            "IBAN": CREDITOR.iban,
            "BIC": CREDITOR.bic,
            "batch": True,
            "creditor_id": CREDITOR.creditor_id,
            "currency": "EUR",
        },
        schema="pain.008.001.02",
    )
    for r in rows:
        sepa.add_payment(
            {
                "name": r.debtor_name,
                "IBAN": r.debtor_iban,
                "BIC": r.debtor_bic,
                "amount": r.amount_cents,
                "type": r.sequence,
                "collection_date": r.collection_date,
                "mandate_id": r.mandate_reference,
                "mandate_date": r.mandate_date,
                "description": r.description,
                "endtoend_id": r.end_to_end_id,
            }
        )
    theirs = sepa.export(validate=True)
    assert transactions(build(rows)) == transactions(theirs)


def test_names_are_written_in_the_sepa_character_set():
    assert sepa_text("Hélène Lefèvre-Dœuf & fils <SCP>", 70) == "Helene Lefevre-Doeuf   fils  SCP"
    assert sepa_text("x" * 80, 70) == "x" * 70
    document = build([row(1, debtor_name="Zoé <O’Brien> & Cie")])
    pain008_validate(document)
    assert b"<Nm>Zoe  O'Brien    Cie</Nm>" in document


def test_a_debtor_without_bic_is_not_provided():
    document = build([row(1, debtor_bic="")])
    pain008_validate(document)
    assert b"<Othr><Id>NOTPROVIDED</Id></Othr>" in document


def test_an_invalid_file_is_refused():
    with pytest.raises(Pain008Invalid):
        pain008_validate(build([row(1, sequence="XXXX")]))
