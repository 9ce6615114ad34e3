"""pain.008.001.02 (SEPA Core direct debit initiation) written from plain rows.

A pure function of its rows: no database, so bench/direct_debit.py times exactly what the
admin runs. sepaxml builds an ElementTree node by node (about 85 µs a debit, 8.5 s for
100,000, and its own XSD check adds a minute); a council's batch is one fixed structure, so
each transaction is one string template here, and the file is checked against sepaxml's
bundled XSD (with xmlschema, as sepaxml does). tests/debits/test_pain008.py checks that both
writers say the same thing for the same rows.
"""

import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA = "pain.008.001.02"
NAMESPACE = f"urn:iso:std:iso:20022:tech:xsd:{SCHEMA}"

# SEPA's Latin character set: anything else becomes a space after the accents are dropped.
_NOT_SEPA = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
_ACCENTS = str.maketrans(
    "àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ’",
    "aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUYY'",
)
_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"}


def sepa_text(text: str, limit: int) -> str:
    """`text` in SEPA's character set (which XML never needs to escape), at most `limit`."""
    if len(text) <= limit and _NOT_SEPA.search(text) is None:
        return text.strip()
    text = text.translate(_ACCENTS)
    if not text.isascii():
        for ligature, letters in _LIGATURES.items():
            text = text.replace(ligature, letters)
    return _NOT_SEPA.sub(" ", text)[:limit].strip()


@dataclass(frozen=True)
class Creditor:
    name: str
    creditor_id: str  # ICS
    iban: str
    bic: str


@dataclass(frozen=True)
class DebitRow:
    end_to_end_id: str
    amount_cents: int
    sequence: str  # FRST, RCUR, FNAL or OOFF
    collection_date: date
    mandate_reference: str
    mandate_date: date
    debtor_name: str
    debtor_iban: str
    debtor_bic: str
    description: str


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


_NO_BIC = "<Othr><Id>NOTPROVIDED</Id></Othr>"


def _transactions(rows: list[DebitRow]) -> str:
    # A batch repeats a few descriptions ("Cotisation 2027, échéance 3 sur 10"), amounts and
    # signature dates: each is formatted once per batch.
    descriptions: dict[str, str] = {}
    amounts: dict[int, str] = {}
    dates: dict[date, str] = {}
    parts = []
    for row in rows:
        text = descriptions.get(row.description)
        if text is None:
            text = descriptions[row.description] = sepa_text(row.description, 140)
        amount = amounts.get(row.amount_cents)
        if amount is None:
            amount = amounts[row.amount_cents] = _amount(row.amount_cents)
        signed = dates.get(row.mandate_date)
        if signed is None:
            signed = dates[row.mandate_date] = row.mandate_date.isoformat()
        agent = f"<BIC>{row.debtor_bic}</BIC>" if row.debtor_bic else _NO_BIC
        # One f-string per debit (the fastest way CPython has to build it); the structure is
        # pain.008.001.02's DrctDbtTxInf, in the XSD's order.
        parts.append(
            f"<DrctDbtTxInf><PmtId><EndToEndId>{row.end_to_end_id}</EndToEndId></PmtId>"
            f'<InstdAmt Ccy="EUR">{amount}</InstdAmt>'
            f"<DrctDbtTx><MndtRltdInf><MndtId>{row.mandate_reference}</MndtId>"
            f"<DtOfSgntr>{signed}</DtOfSgntr></MndtRltdInf></DrctDbtTx>"
            f"<DbtrAgt><FinInstnId>{agent}</FinInstnId></DbtrAgt>"
            f"<Dbtr><Nm>{sepa_text(row.debtor_name, 70)}</Nm></Dbtr>"
            f"<DbtrAcct><Id><IBAN>{row.debtor_iban}</IBAN></Id></DbtrAcct>"
            f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf></DrctDbtTxInf>"
        )
    return "".join(parts)


def _payment_info(
    creditor: Creditor, info_id: str, sequence: str, collection: date, rows: list[DebitRow]
) -> Iterator[str]:
    yield (
        f"<PmtInf><PmtInfId>{info_id}</PmtInfId><PmtMtd>DD</PmtMtd><BtchBookg>true</BtchBookg>"
        f"<NbOfTxs>{len(rows)}</NbOfTxs>"
        f"<CtrlSum>{_amount(sum(row.amount_cents for row in rows))}</CtrlSum>"
        "<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl><LclInstrm><Cd>CORE</Cd></LclInstrm>"
        f"<SeqTp>{sequence}</SeqTp></PmtTpInf>"
        f"<ReqdColltnDt>{collection.isoformat()}</ReqdColltnDt>"
        f"<Cdtr><Nm>{sepa_text(creditor.name, 70)}</Nm></Cdtr>"
        f"<CdtrAcct><Id><IBAN>{creditor.iban}</IBAN></Id></CdtrAcct>"
        f"<CdtrAgt><FinInstnId><BIC>{creditor.bic}</BIC></FinInstnId></CdtrAgt>"
        "<ChrgBr>SLEV</ChrgBr>"
        "<CdtrSchmeId><Id><PrvtId><Othr>"
        f"<Id>{creditor.creditor_id}</Id><SchmeNm><Prtry>SEPA</Prtry></SchmeNm>"
        "</Othr></PrvtId></Id></CdtrSchmeId>"
    )
    yield _transactions(rows)
    yield "</PmtInf>"


def pain008_build(
    rows: Iterable[DebitRow], *, creditor: Creditor, message_id: str, created_at: datetime
) -> bytes:
    """The pain.008 document of `rows`: one payment information block per (sequence, date),
    as banks require (a FRST and a RCUR never share a block)."""
    groups: dict[tuple[str, date], list[DebitRow]] = defaultdict(list)
    count = total = 0
    for row in rows:
        groups[(row.sequence, row.collection_date)].append(row)
        count += 1
        total += row.amount_cents
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<Document xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        "<CstmrDrctDbtInitn><GrpHdr>",
        f"<MsgId>{message_id}</MsgId><CreDtTm>{created_at:%Y-%m-%dT%H:%M:%S}</CreDtTm>",
        f"<NbOfTxs>{count}</NbOfTxs><CtrlSum>{_amount(total)}</CtrlSum>",
        f"<InitgPty><Nm>{sepa_text(creditor.name, 70)}</Nm></InitgPty></GrpHdr>",
    ]
    for number, ((sequence, collection), group) in enumerate(sorted(groups.items()), 1):
        parts.extend(_payment_info(creditor, f"{message_id}-{number}", sequence, collection, group))
    parts.append("</CstmrDrctDbtInitn></Document>")
    return "".join(parts).encode()


class Pain008Invalid(ValueError):
    """The file does not validate against the pain.008 XSD."""


@cache
def _schema() -> Any:
    # xmlschema (pure Python; lxml is not installed here), loaded once per process.
    import sepaxml
    import xmlschema

    return xmlschema.XMLSchema(str(Path(sepaxml.__file__).parent / "schemas" / f"{SCHEMA}.xsd"))


def pain008_validate(document: bytes) -> None:
    """Raise Pain008Invalid unless `document` is valid against sepaxml's bundled XSD."""
    import xmlschema

    # Lazy: a batch of 100,000 debits has some 2.6 million elements, above the limit xmlschema
    # puts on a document it loads whole (1,000,000); a lazy resource has none.
    resource = xmlschema.XMLResource(io.BytesIO(document), lazy=True)
    try:
        _schema().validate(resource)
    except xmlschema.XMLSchemaValidationError as exc:
        raise Pain008Invalid(exc.reason or str(exc)) from exc
