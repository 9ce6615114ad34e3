"""Folding text for the directory search, identically on PostgreSQL and SQLite.

Searching is accent- and case-insensitive because every comparison runs on *folded* text
(lowercase ASCII, accents removed, punctuation turned into spaces). Two SQL functions do the
folding when the roll's triggers fill the search table (directory/sync.py):

- PostgreSQL: `directory_fold` wraps `unaccent` (declared IMMUTABLE, which `unaccent` itself is
  not), `directory_document` builds the searchable text of a doctor;
- SQLite: the same two functions, written in Python, are registered on every connection, with a
  "C" collation so that the selector's SQL runs unchanged.
"""

import re
import unicodedata
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models.functions import Collate
from django.db.models.sql.compiler import SQLCompiler

# Letters that Unicode does not decompose into a base letter and an accent; unaccent maps them.
_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"}
)
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# What separates words in names and towns ("Le Puy-en-Velay", "D'Almeida", "St. Malo").
PUNCTUATION = "-'’.,;:/()&"
_PUNCTUATION_SQL = PUNCTUATION.replace("'", "''")
_PUNCTUATION_TO_SPACE = str.maketrans(PUNCTUATION, " " * len(PUNCTUATION))


def fold(value: str) -> str:
    """Lowercase ASCII without accents: what `directory_fold` returns on PostgreSQL."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def document(last_name: str, first_name: str, specialty: str, city: str) -> str:
    """The searchable text of a doctor: folded words separated by spaces.

    It starts with a space so that "a word starting with X" is always the pattern `% X%`.
    """
    joined = " ".join((last_name, first_name, specialty, city))
    return " " + fold(joined).translate(_PUNCTUATION_TO_SPACE)


def words(value: str) -> list[str]:
    """The folded words of what someone typed, in order."""
    return [word for word in _NOT_WORD.split(fold(value)) if word]


# ---- Query expressions -------------------------------------------------------------------


class Like(models.Func):
    """`<expression> LIKE '<pattern>'` as a boolean usable in filter()."""

    arg_joiner = " LIKE "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


class Equals(models.Func):
    arg_joiner = " = "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


class WordStarts(models.Func):
    """PostgreSQL full-text match: every word of the query starts a word of the document.

    `WordStarts(F("document"), words)` is what `document LIKE '% word%'` says for each word, in
    the form the GIN index on `to_tsvector('simple', document)` answers: it looks up only the
    words that start with each query word, where a trigram index reads every doctor sharing
    three letters with it. The words are folded [a-z0-9] only, so the tsquery needs no quoting.
    """

    output_field = models.BooleanField()

    def __init__(self, document: models.Expression | models.F, words: tuple[str, ...]) -> None:
        super().__init__(document, models.Value(" & ".join(f"{word}:*" for word in words)))

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[str | int, ...]]:
        document, query = self.get_source_expressions()
        document_sql, document_params = compiler.compile(document)
        query_sql, query_params = compiler.compile(query)
        # A cast of a literal, not to_tsquery(): the planner folds it into a constant and can
        # then estimate how many doctors match from the index's statistics.
        return (
            f"(to_tsvector('simple'::regconfig, {document_sql}) @@ ({query_sql})::tsquery)",
            (*document_params, *query_params),
        )


class Not(models.Func):
    template = "NOT (%(expressions)s)"
    output_field = models.BooleanField()


def bytewise(field: str) -> Collate:
    """A folded column compared byte by byte: the order and prefix matches the index serves."""
    return Collate(models.F(field), "C")


# ---- SQLite ------------------------------------------------------------------------------


def _sqlite_fold(value: str | None) -> str | None:
    return None if value is None else fold(value)


def _sqlite_document(
    last_name: str | None, first_name: str | None, specialty: str | None, city: str | None
) -> str | None:
    if last_name is None or first_name is None or specialty is None or city is None:
        return None
    return document(last_name, first_name, specialty, city)


def _binary_order(left: str, right: str) -> int:
    return (left > right) - (left < right)


def register_sqlite_functions(
    sender: object, connection: BaseDatabaseWrapper, **kwargs: Any
) -> None:
    """connection_created receiver: give SQLite the functions PostgreSQL gets from migrations."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("directory_fold", 1, _sqlite_fold, deterministic=True)
    raw.create_function("directory_document", 4, _sqlite_document, deterministic=True)
    # PostgreSQL's "C" collation compares bytes: SQLite's BINARY does the same.
    raw.create_collation("C", _binary_order)


# ---- PostgreSQL (run by migrations, through directory.sync) -------------------------------


def _unaccent_schema(cursor: CursorWrapper) -> str:
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    )
    row = cursor.fetchone()
    assert row is not None  # created just before
    return str(row[0])


def postgresql_install_functions(cursor: CursorWrapper) -> None:
    """The unaccent extension and the two folding functions."""
    execute = cursor.execute
    execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema = cursor.db.ops.quote_name(_unaccent_schema(cursor))
    # unaccent() is only STABLE (its dictionary could change); naming the dictionary and the
    # schema makes the wrapper safe to declare IMMUTABLE.
    execute(
        "CREATE OR REPLACE FUNCTION directory_fold(value text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        f"$$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, value)) $$"
    )
    execute(
        "CREATE OR REPLACE FUNCTION directory_document("
        "last_name text, first_name text, specialty text, city text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        f"$$ SELECT ' ' || translate(directory_fold("
        "last_name || ' ' || first_name || ' ' || specialty || ' ' || city"
        f"), '{_PUNCTUATION_SQL}', '{' ' * len(PUNCTUATION)}') $$"
    )


def postgresql_uninstall_functions(cursor: CursorWrapper) -> None:
    cursor.execute("DROP FUNCTION IF EXISTS directory_document(text, text, text, text)")
    cursor.execute("DROP FUNCTION IF EXISTS directory_fold(text)")
