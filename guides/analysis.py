"""French text analysis for the assistant: the same steps for the sheets and for the questions.

lowercase → words (elisions such as « l' », « d' » cut off) → accents stripped → stopwords out
→ Snowball French stem → synonyms mapped to the staff's term. Accents go before stemming so
that a question typed without them (« donnees ») meets the sheets' text (« données »).
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_ELISION_RE = re.compile(r"\b(?:[ldjmtsnc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)

# French function words, accent-stripped: they carry no topic, so neither side indexes them.
_STOPWORD_TEXT = """
    a ai aie aient aies ait alors as au aucun aucune aupres aura aurai auraient aurais aurait
    auras aurez auriez aurions aurons auront aussi autre autres aux avaient avais avait avant
    avec avez aviez avions avoir avons ayant ayez ayons bien c ca car ce ceci cela celle celles
    celui cependant ces cet cette ceux chaque chez ci comme comment d dans de dela des deja
    depuis devant doit doivent dois donc dont du elle elles en encore entre est et etaient etais
    etait etant ete etes etre eu eue eues eurent eus eut eux faire fait faut il ils j je jusqu l
    la le les leur leurs lors lorsqu lui m ma mais me meme memes mes moi mon n ne ni nos notre
    nous on ont ou par parce pas peu peut peuvent peux plus pour pourquoi puis puisqu qu quand
    que quel quelle quelles quels qui quoi s sa sans se sera serai seraient serais serait seras
    serez seriez serions serons seront ses si sien soi soient sois soit sommes son sont sous
    suis sur t ta te tes toi ton tous tout toute toutes tres tu un une unes uns vers voici voila
    vont vos votre vous y ya combien comment quoi ou lequel laquelle lesquels lesquelles dont
    bonjour merci svp stp madame monsieur
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # Imported on first use: the package loads the stemmers of all its thirty languages,
    # which a web worker that never answers a question should not carry.
    import snowballstemmer

    return snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lowercase without accents: « Téléphone » → « telephone »."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=50_000)
def _stem(folded_word: str) -> str:
    return str(_stemmer().stemWord(folded_word))


def words(text: str) -> list[str]:
    """The lowercased words of `text`, elisions cut off, accents kept."""
    cleaned = _ELISION_RE.sub(" ", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return _WORD_RE.findall(cleaned)


def base_tokens(text: str) -> list[str]:
    """Stems of the meaningful words of `text`, before synonyms."""
    tokens: list[str] = []
    for word in words(text):
        folded = fold(word)
        if folded in STOPWORDS or (len(folded) < 2 and not folded.isdigit()):
            continue
        tokens.append(_stem(folded))
    return tokens


class SynonymMap:
    """Maps every equivalent (one or several words) to the tokens of its term.

    Built from pairs (term, equivalents); applied to the sheets and to the questions alike, so
    « RDV » in a question meets « rendez-vous » in a sheet.
    """

    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]] = ()) -> None:
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._longest = 1
        for term, equivalents in entries:
            canonical = tuple(base_tokens(term))
            if not canonical:
                continue
            for equivalent in equivalents:
                phrase = tuple(base_tokens(equivalent))
                if not phrase or phrase == canonical:
                    continue
                self._phrases[phrase] = canonical
                self._longest = max(self._longest, len(phrase))

    def __len__(self) -> int:
        return len(self._phrases)

    def apply(self, tokens: list[str]) -> list[str]:
        if not self._phrases:
            return tokens
        result: list[str] = []
        index = 0
        while index < len(tokens):
            # Longest phrase first: « prise de rendez-vous » before « rendez-vous ».
            for length in range(min(self._longest, len(tokens) - index), 0, -1):
                replacement = self._phrases.get(tuple(tokens[index : index + length]))
                if replacement is not None:
                    result.extend(replacement)
                    index += length
                    break
            else:
                result.append(tokens[index])
                index += 1
        return result


def analyze(text: str, synonyms: SynonymMap | None = None) -> list[str]:
    tokens = base_tokens(text)
    return synonyms.apply(tokens) if synonyms is not None else tokens
