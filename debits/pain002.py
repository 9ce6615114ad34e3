"""pain.002 (customer payment status report): which debits of a batch the bank rejected.

Parsed with the standard library's expat (no lxml here), which neither fetches external
entities nor expands nested ones without limit; element names are matched without their
namespace so that the .001.03 and .001.10 versions both read.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

MAX_BYTES = 20 * 1024 * 1024
REJECTED = {"RJCT"}


class Pain002Invalid(ValueError):
    """Not a readable pain.002 status report."""


@dataclass(frozen=True)
class StatusLine:
    end_to_end_id: str
    status: str
    reason_code: str


@dataclass(frozen=True)
class StatusReport:
    message_id: str
    original_message_id: str
    group_status: str
    group_reason: str
    lines: list[StatusLine]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    current: ET.Element | None = element
    for name in names:
        if current is None:
            return None
        current = next((c for c in current if _local(c.tag) == name), None)
    return current


def _text(element: ET.Element, *names: str) -> str:
    found = _child(element, *names)
    return (found.text or "").strip() if found is not None else ""


def _reason(element: ET.Element) -> str:
    return _text(element, "StsRsnInf", "Rsn", "Cd")


def pain002_parse(data: bytes) -> StatusReport:
    if len(data) > MAX_BYTES:
        raise Pain002Invalid("Le fichier dépasse 20 Mo.")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise Pain002Invalid("Le fichier contient une déclaration DOCTYPE, refusée.")
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DOCTYPE/ENTITY (checked above)
    except ET.ParseError as exc:
        raise Pain002Invalid("Le fichier n’est pas un XML lisible.") from exc
    report = _child(root, "CstmrPmtStsRpt")
    if _local(root.tag) != "Document" or report is None:
        raise Pain002Invalid("Ce n’est pas un rapport de statut pain.002 (CstmrPmtStsRpt).")
    group = _child(report, "OrgnlGrpInfAndSts")
    if group is None:
        raise Pain002Invalid("Le rapport ne cite pas le lot d’origine (OrgnlGrpInfAndSts).")
    lines = [
        StatusLine(
            end_to_end_id=_text(tx, "OrgnlEndToEndId"),
            status=_text(tx, "TxSts"),
            reason_code=_reason(tx),
        )
        for info in report
        if _local(info.tag) == "OrgnlPmtInfAndSts"
        for tx in info
        if _local(tx.tag) == "TxInfAndSts"
    ]
    return StatusReport(
        message_id=_text(report, "GrpHdr", "MsgId"),
        original_message_id=_text(group, "OrgnlMsgId"),
        group_status=_text(group, "GrpSts"),
        group_reason=_reason(group),
        lines=lines,
    )
