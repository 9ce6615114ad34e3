"""Building the pain.008 batch of 100,000 debits against writing the same rows as CSV.

    .venv/bin/python bench/direct_debit.py [--debits 100000] [--repeat 3] [--validate] [--sepaxml]

Needs nothing but the code: no database, no service. The builder (debits.pain008.pain008_build)
is a pure function of its rows, so the script makes 100,000 realistic rows itself (varied
French names with accents, one FRST in seven, a 10-debit plan's descriptions), then times, in
the same run and on the same rows, best of --repeat:
  1. csv.writer writing every field of every row (the baseline);
  2. pain008_build writing the pain.008.001.02 document.
It prints both times and the ratio, and exits 1 when the ratio is above 2 (the goal).
--validate also times the XSD check the admin runs on each batch (xmlschema, pure Python:
slow at this size); --sepaxml times sepaxml's own writer on the same rows, for comparison.
"""

import argparse
import csv
import io
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from debits.pain008 import Creditor, DebitRow, pain008_build, pain008_validate  # noqa: E402

GOAL = 2.0
CREDITOR = Creditor(
    name="Conseil national de l’Ordre des médecins",
    creditor_id="FR72ZZZ123456",
    iban="FR7630006000011234567890189",
    bic="AGRIFRPP",
)
FIRST = ["Anne", "Hélène", "Jérôme", "François", "Zoé", "Paul", "Chloé", "Loïc", "Inès", "Noël"]
LAST = ["Martin", "Lefèvre", "Dœuf", "Moreau", "Bénard", "Petit", "Müller", "O’Brien", "Garnier"]
IBANS = ["FR1420041010050500013M02606", "FR7630006000011234567890189", "DE89370400440532013000"]


def rows(count: int) -> list[DebitRow]:
    collection = date(2027, 1, 15)
    made = []
    for n in range(count):
        made.append(
            DebitRow(
                end_to_end_id=f"CNOM-{n + 1}-{n + 1}-{n % 10 + 1:02d}",
                amount_cents=3650 + n % 2,
                sequence="FRST" if n % 7 == 0 else "RCUR",
                collection_date=collection,
                mandate_reference=f"CNOM-{10_000_000_000 + n}-2026-01",
                mandate_date=date(2026, 12, 1),
                debtor_name=f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}-{n}",
                debtor_iban=IBANS[n % len(IBANS)],
                debtor_bic="" if n % 5 == 0 else "PSSTFRPP",
                description=f"Cotisation ordinale 2027 echeance {n % 10 + 1} sur 10",
            )
        )
    return made


def write_csv(data: list[DebitRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for r in data:
        writer.writerow(
            (
                r.end_to_end_id,
                r.amount_cents,
                r.sequence,
                r.collection_date.isoformat(),
                r.mandate_reference,
                r.mandate_date.isoformat(),
                r.debtor_name,
                r.debtor_iban,
                r.debtor_bic,
                r.description,
            )
        )
    return buffer.getvalue().encode()


def write_pain008(data: list[DebitRow]) -> bytes:
    return pain008_build(
        data, creditor=CREDITOR, message_id="CNOM-20270115-01", created_at=datetime.now()
    )


def write_sepaxml(data: list[DebitRow]) -> bytes:
    from sepaxml import SepaDD

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
    for r in data:
        payment = {
            "name": r.debtor_name,
            "IBAN": r.debtor_iban,
            "amount": r.amount_cents,
            "type": r.sequence,
            "collection_date": r.collection_date,
            "mandate_id": r.mandate_reference,
            "mandate_date": r.mandate_date,
            "description": r.description,
            "endtoend_id": r.end_to_end_id,
        }
        if r.debtor_bic:
            payment["BIC"] = r.debtor_bic
        sepa.add_payment(payment)
    return bytes(sepa.export(validate=False))


def best(function: Callable[[], bytes], repeat: int) -> tuple[float, bytes]:
    times, out = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        out = function()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--debits", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--validate", action="store_true")
    parser.add_argument("--sepaxml", action="store_true")
    args = parser.parse_args()
    data = rows(args.debits)
    csv_time, csv_bytes = best(lambda: write_csv(data), args.repeat)
    xml_time, xml_bytes = best(lambda: write_pain008(data), args.repeat)
    ratio = xml_time / csv_time
    print(f"debits: {args.debits:,}")
    print(f"CSV:      {csv_time:7.3f} s  ({len(csv_bytes) / 1e6:5.1f} MB)")
    print(f"pain.008: {xml_time:7.3f} s  ({len(xml_bytes) / 1e6:5.1f} MB)")
    print(f"ratio:    {ratio:7.2f}   (goal <= {GOAL})")
    if args.validate:
        start = time.perf_counter()
        pain008_validate(xml_bytes)
        print(f"XSD check (xmlschema): {time.perf_counter() - start:7.3f} s")
    if args.sepaxml:
        sepa_time, _ = best(lambda: write_sepaxml(data), 1)
        print(f"sepaxml's writer:      {sepa_time:7.3f} s  ({sepa_time / csv_time:.1f}x CSV)")
    if ratio > GOAL:
        print("GOAL MISSED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
