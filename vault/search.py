"""Search in the vault: names, folder names, descriptions and tags, accent- and case-blind.

Contents stay encrypted: only the metadata the doctor typed or chose is searched. Each document
keeps a folded copy of its name, description and tags (`Document.search_text`) and each folder
one of its name (`Folder.search_name`), written by the services whenever those change. Folding
is done in Python (`fold`), so the same `LIKE` works on SQLite and PostgreSQL with no extension
(no `unaccent`, no trigram index), and « Diplôme » finds `diplome-scanne.pdf`.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from vault.models import Document, Folder

# Letters NFKD leaves whole (ligatures and a few others met in French and in names).
_SPECIAL = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})
_SEPARATORS = re.compile(r"[^0-9a-z]+")

# What the type filter offers: a label and the content types it covers.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("PDF", ("application/pdf",)),
    "image": ("Image (JPEG, PNG, HEIC)", ("image/jpeg", "image/png", "image/heic")),
    "texte": (
        "Traitement de texte (Word, OpenDocument, texte)",
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.oasis.opendocument.text",
            "text/plain",
        ),
    ),
    "tableur": (
        "Tableur (Excel)",
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    ),
}

# What the expiry filter offers.
EXPIRY_CHOICES: dict[str, str] = {
    "expire": "Date d’expiration dépassée",
    "bientot": "Expire dans les 30 prochains jours",
    "avec": "Avec une date d’expiration",
    "sans": "Sans date d’expiration",
}
SOON_DAYS = 30

TAGS_MAX = 10
TAG_MAX_LENGTH = 40


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: "Diplôme_scanné.PDF" →
    "diplome scanne pdf"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_SEPARATORS.sub(" ", bare.translate(_SPECIAL)).split())


def terms(query: str) -> list[str]:
    """The folded words of a query, each of which must be found."""
    return fold(query[:200]).split()


def tags_parse(raw: str) -> list[str]:
    """Tags as typed ("assurance, RCP ; 2027") → ["assurance", "RCP", "2027"], deduplicated
    regardless of case and accents, in the order given."""
    seen: set[str] = set()
    tags: list[str] = []
    for piece in re.split(r"[,;\n]", raw):
        tag = " ".join(piece.split())[:TAG_MAX_LENGTH]
        key = fold(tag)
        if key and key not in seen:
            seen.add(key)
            tags.append(tag)
    return tags[:TAGS_MAX]


def document_search_text(document: Document) -> str:
    """The folded text a document is found by (its folder is matched apart, see below)."""
    return fold(" ".join((document.display_name, document.description, document.tags)))


def folder_search_name(folder: Folder) -> str:
    return fold(folder.name)


@dataclass(frozen=True)
class DocumentFilters:
    """What the doctor asked for on the list page (or the API); empty means everything."""

    query: str = ""
    folder: Folder | None = None
    kind: str = ""
    uploaded_from: datetime.date | None = None
    uploaded_to: datetime.date | None = None
    expiry: str = ""

    @property
    def active(self) -> bool:
        return bool(
            terms(self.query)
            or self.kind in KINDS
            or self.uploaded_from
            or self.uploaded_to
            or self.expiry in EXPIRY_CHOICES
        )


def documents_filter(
    qs: QuerySet[Document], filters: DocumentFilters, *, today: datetime.date
) -> QuerySet[Document]:
    """Narrow a queryset of one owner's documents by every filter given."""
    for term in terms(filters.query):
        # Both sides are folded already, so a plain (case-sensitive) LIKE is enough.
        qs = qs.filter(Q(search_text__contains=term) | Q(folder__search_name__contains=term))
    if filters.folder is not None:
        qs = qs.filter(folder=filters.folder)
    if filters.kind in KINDS:
        qs = qs.filter(content_type__in=KINDS[filters.kind][1])
    if filters.uploaded_from:
        qs = qs.filter(created_at__date__gte=filters.uploaded_from)
    if filters.uploaded_to:
        qs = qs.filter(created_at__date__lte=filters.uploaded_to)
    if filters.expiry == "expire":
        qs = qs.filter(expires_on__lt=today)
    elif filters.expiry == "bientot":
        qs = qs.filter(
            expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=SOON_DAYS)
        )
    elif filters.expiry == "avec":
        qs = qs.filter(expires_on__isnull=False)
    elif filters.expiry == "sans":
        qs = qs.filter(expires_on__isnull=True)
    return qs
