"""File kinds recognised by content, and display names made safe."""

import io
import zipfile

import pytest

from vault.validation import NAME_MAX_LENGTH, detect_kind, sanitize_name


def zip_bytes(entries, *, stored_first=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(entries):
            compress = zipfile.ZIP_STORED if (stored_first and i == 0) else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return buffer.getvalue()


DOCX = zip_bytes(
    [("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<r/>"), ("word/document.xml", "<w/>")]
)
XLSX = zip_bytes([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<wb/>")])
ODT = zip_bytes(
    [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<c/>")],
    stored_first=True,
)
ODS = zip_bytes(
    [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<c/>")],
    stored_first=True,
)
PLAIN_ZIP = zip_bytes([("a.txt", "hello")])


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b"%PDF-1.7\n...", "x.pdf", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "photo.jpg", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "scan.png", "png"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "IMG_0001.HEIC", "heic"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00", "IMG_0002.heic", "heic"),
        (DOCX, "contrat.docx", "docx"),
        (XLSX, "comptes.xlsx", "xlsx"),
        (ODT, "lettre.odt", "odt"),
        ("Notes de garde : été 2026\n".encode(), "notes.txt", "txt"),
    ],
)
def test_known_kinds_are_recognised_by_content(head, name, kind):
    detected = detect_kind(head, name=name, complete=True)
    assert detected is not None
    assert detected.key == kind


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00", "facture.pdf"),  # a Windows executable renamed .pdf
        (b"\x7fELF\x02\x01\x01", "rapport.pdf"),
        (b"#!/bin/sh\nrm -rf /\n", "script.pdf"),
        (PLAIN_ZIP, "archive.docx"),  # a zip that is no Office document
        (ODS, "tableur.odt"),
        (b"<html><script>alert(1)</script>", "page.pdf"),
        (b"du texte mais pas .txt", "note.doc"),
        (b"texte\x00binaire", "note.txt"),
        (b"\xff\xfe\x00\x00not utf-8 \xe9", "note.txt"),
        (b"", "vide.pdf"),
    ],
)
def test_other_content_is_refused_whatever_its_name(head, name):
    assert detect_kind(head, name=name, complete=True) is None


def test_text_cut_in_the_middle_of_a_character_is_still_text():
    head = "déjà".encode()[:-1]
    assert detect_kind(head, name="a.txt", complete=False) is not None
    assert detect_kind(head, name="a.txt", complete=True) is None


def test_long_names_keep_their_extension():
    name = sanitize_name("a" * 500 + ".pdf")
    assert len(name) == NAME_MAX_LENGTH
    assert name.endswith(".pdf")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\dr\\Documents\\thèse.pdf", "thèse.pdf"),
        ("/absolu/chemin/diplome.pdf", "diplome.pdf"),
        ("...", "document"),
        (".htaccess", "htaccess"),
        ("nom\r\nInjection: oui.pdf", "nom Injection: oui.pdf"),
        ("e\u0301te\u0301.pdf", "été.pdf"),
        ("photo\u202egpj.exe", "photogpj.exe"),
        ("zero\u200bwidth.pdf", "zerowidth.pdf"),
    ],
)
def test_sanitize_name(raw, expected):
    assert sanitize_name(raw) == expected
