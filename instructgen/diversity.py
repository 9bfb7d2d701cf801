"""Instruction diversity as in Self-Instruct: root verb + first direct-object noun per instruction.

Each instruction's first sentence is parsed into a Penn-Treebank-style constituency tree; the
main clause's verb and the head noun of its direct object give one (verb, noun) pair. The
sunburst figure shows the 20 most common verbs and their 4 most common nouns, and the number of
unique pairs summarises diversity.

Two parsers sit behind :func:`get_parser`:

* ``"benepar"``: the Berkeley Neural Parser with model ``benepar_en3``, as in the papers. The
  model has to be downloaded once (see :data:`BENEPAR_INSTALL_HINT`).
* ``"link_grammar"``: CMU Link Grammar with its English dictionary (Debian packages, installed
  by ``make link-grammar``; see :mod:`instructgen.link_grammar`), which needs no download at
  run time. Its linkage of each sentence is read into a shallow Penn-style tree (verb chain and
  direct objects; see :class:`_LinkageReader`). It is the offline default; figure captions say
  which parser was used.

:func:`verb_noun_from_tree` only reads Penn labels, so it works on trees from either parser.

Lemmatisation uses NLTK's WordNetLemmatizer when WordNet data is found, else a rule-based
fallback (irregular-form tables, -s/-es/-ies, -ed, -ing with a small base-verb lexicon to restore
a dropped final "e"). Both give the same lemmas on common instruction vocabulary; rare words may
differ, so results name the lemmatiser in use (:attr:`Lemmatizer.backend`).
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import nltk
from nltk import Tree

from instructgen import link_grammar

LOG = logging.getLogger("instructgen")

BENEPAR_MODEL = "benepar_en3"
BENEPAR_INSTALL_HINT = (
    "benepar model 'benepar_en3' is not installed. On a machine with network access run\n"
    "    python -c \"import benepar; benepar.download('benepar_en3')\"\n"
    "or copy an existing 'benepar_en3' model folder into <nltk_data>/models/ "
    "(any folder on nltk.data.path, or pass nltk_data=...). "
    "Use the 'link_grammar' parser to run without it."
)

Pair = tuple[str | None, str | None]


class ParserUnavailableError(RuntimeError):
    """The requested parser (or its model) cannot be loaded here."""


# --------------------------------------------------------------------------------------------
# WordNet access
# --------------------------------------------------------------------------------------------


def add_nltk_data(nltk_data: str | Path | None) -> None:
    """Put ``nltk_data`` on NLTK's search path (NLTK >= 3.9 refuses corpora outside it)."""
    if nltk_data is None:
        return
    root = str(Path(nltk_data).resolve())
    if root not in nltk.data.path:
        nltk.data.path.append(root)


@lru_cache(maxsize=8)
def _load_wordnet(search_path: tuple[str, ...]):
    """WordNet reader or None; cached per search path so a later install can still be found."""
    try:
        from nltk.corpus import wordnet

        wordnet.ensure_loaded()
        return wordnet
    except (LookupError, OSError):
        return None


def wordnet_or_none(nltk_data: str | Path | None = None):
    add_nltk_data(nltk_data)
    return _load_wordnet(tuple(nltk.data.path))


# --------------------------------------------------------------------------------------------
# Lemmatisation
# --------------------------------------------------------------------------------------------

# Base forms of verbs frequent in instructions; the fallback lemmatiser checks candidate stems
# against it (e.g. "writing" -> "writ"/"write": only "write" is a verb).
BASE_VERBS: frozenset[str] = frozenset(
    """
    add analyse analyze answer apply argue arrange ask assess assign be become begin brainstorm
    break bring build calculate call categorize change check choose cite clarify classify code
    combine come compare compile complete compose compute conclude connect consider construct
    contain continue convert correct count create critique cut debug decide deduce define delete
    demonstrate describe design detect determine develop discuss do draft draw edit elaborate
    eliminate emphasize estimate evaluate explain explore express extract feel fill find finish
    fix focus format generate get give go greet group guess have help highlight identify
    illustrate imagine implement improve include infer insert interpret introduce invent judge
    justify keep know label let link list locate look make manage map match mean mention merge
    name need note organize outline output paraphrase pick plan play point predict prepare
    present produce propose prove provide put quote rank rate read reason recall recite
    recognize recommend reduce remember like love prefer wish hope remove reorder rephrase replace reply respond return
    reverse review revise rewrite rhyme run say search see select send separate set share show
    simplify sing solve sort speak specify split spot state suggest summarise summarize support
    take teach tell test think transform translate try turn understand use verify want write
    buy learn cook fly win lose pay sell drive eat drink walk travel study start stop open close
    save spend visit watch listen hear wear clean live work move hold lead leave lie sit stand
    """.split()
)

_IRREGULAR_VERBS: dict[str, str] = {
    **dict.fromkeys(["am", "is", "are", "was", "were", "been", "being", "'m", "'re"], "be"),
    **dict.fromkeys(["has", "had", "having", "'ve"], "have"),
    **dict.fromkeys(["does", "did", "done", "doing"], "do"),
    **dict.fromkeys(["went", "gone", "goes"], "go"),
    **dict.fromkeys(["wrote", "written"], "write"),
    **dict.fromkeys(["rewrote", "rewritten"], "rewrite"),
    **dict.fromkeys(["gave", "given"], "give"),
    **dict.fromkeys(["took", "taken"], "take"),
    **dict.fromkeys(["saw", "seen"], "see"),
    **dict.fromkeys(["knew", "known"], "know"),
    **dict.fromkeys(["chose", "chosen"], "choose"),
    **dict.fromkeys(["spoke", "spoken"], "speak"),
    **dict.fromkeys(["broke", "broken"], "break"),
    **dict.fromkeys(["drew", "drawn"], "draw"),
    **dict.fromkeys(["began", "begun"], "begin"),
    **dict.fromkeys(["sang", "sung"], "sing"),
    **dict.fromkeys(["got", "gotten"], "get"),
    "made": "make",
    "came": "come",
    "thought": "think",
    "told": "tell",
    "found": "find",
    "said": "say",
    "brought": "bring",
    "built": "build",
    "kept": "keep",
    "meant": "mean",
    "sent": "send",
    "shown": "show",
    "taught": "teach",
    "understood": "understand",
    "ran": "run",
    "felt": "feel",
    "held": "hold",
    "led": "lead",
    "left": "leave",
    "lost": "lose",
    "paid": "pay",
    "bought": "buy",
    "ca": "can",  # "can't" tokenises as "ca" + "n't"
    "wo": "will",  # "won't" -> "wo" + "n't"
}

_IRREGULAR_NOUNS: dict[str, str] = {
    "children": "child",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "analyses": "analysis",
    "hypotheses": "hypothesis",
    "theses": "thesis",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "leaves": "leaf",
    "lives": "life",
    "knives": "knife",
    "halves": "half",
    "shelves": "shelf",
    "wives": "wife",
}

# Nouns whose -s form is the usual lemma; WordNet would map "data" to "datum", which no
# instruction writer means.
_INVARIANT_NOUNS: frozenset[str] = frozenset(
    "data news series species means lyrics people clothes scissors glasses".split()
)

# Stem endings after which a dropped final "e" is restored ("generat" -> "generate").
_E_RESTORING_ENDINGS = ("at", "iz", "yz", "v", "c", "ur", "ib", "ud", "vid", "cid", "ag", "rs")
_VOWELS = set("aeiouy")


def _undouble(stem: str) -> str:
    """'runn' -> 'run', 'stopp' -> 'stop', but keep 'fill', 'pass', 'buzz'."""
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz" + "aeiou":
        return stem[:-1]
    return stem


def _rule_verb_lemma(word: str) -> str:
    """Rule-based verb lemma used without WordNet (see module docstring)."""
    if word in _IRREGULAR_VERBS:
        return _IRREGULAR_VERBS[word]
    if word in BASE_VERBS or len(word) <= 3:
        return word
    candidates: list[str] = []
    if word.endswith("ies"):
        candidates = [word[:-3] + "y"]
    elif word.endswith("es"):
        candidates = [word[:-1], word[:-2]]
    elif word.endswith("s") and not word.endswith("ss"):
        candidates = [word[:-1]]
    elif word.endswith("ied"):
        candidates = [word[:-3] + "y"]
    elif word.endswith("ed") and len(word) > 3 and not word.endswith("eed"):
        stem = word[:-2]
        candidates = [stem, word[:-1], _undouble(stem), _restore_e(stem)]
    elif word.endswith("ing") and len(word) > 4:
        stem = word[:-3]
        candidates = [stem, stem + "e", _undouble(stem), _restore_e(stem)]
    if not candidates:
        return word
    for candidate in candidates:
        if candidate in BASE_VERBS:
            return candidate
    best = candidates[-1]
    # A stem without a vowel ("str" from "string") means the suffix was not inflection.
    return best if _VOWELS & set(best) and len(best) >= 3 else word


def _restore_e(stem: str) -> str:
    stem = _undouble(stem) if stem != _undouble(stem) else stem
    if stem.endswith(_E_RESTORING_ENDINGS):
        return stem + "e"
    return stem


def _rule_noun_lemma(word: str) -> str:
    if word in _INVARIANT_NOUNS:
        return word
    if word in _IRREGULAR_NOUNS:
        return _IRREGULAR_NOUNS[word]
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


class Lemmatizer:
    """Verb and noun lemmas; WordNet-backed when its data is available, rule-based otherwise."""

    def __init__(self, nltk_data: str | Path | None = None, use_wordnet: bool = True) -> None:
        self._wordnet = wordnet_or_none(nltk_data) if use_wordnet else None
        self._wn_lemmatizer = None
        if self._wordnet is not None:
            from nltk.stem import WordNetLemmatizer

            self._wn_lemmatizer = WordNetLemmatizer()
        self.backend = "wordnet" if self._wn_lemmatizer is not None else "rules"

    def verb(self, word: str) -> str:
        word = word.lower()
        if word in _IRREGULAR_VERBS:  # also covers clitics WordNet does not know ("'re")
            return _IRREGULAR_VERBS[word]
        if self._wn_lemmatizer is not None:
            return self._wn_lemmatizer.lemmatize(word, "v")
        return _rule_verb_lemma(word)

    def noun(self, word: str) -> str:
        word = word.lower()
        if word in _INVARIANT_NOUNS:
            return word
        if self._wn_lemmatizer is not None:
            return self._wn_lemmatizer.lemmatize(word, "n")
        return _rule_noun_lemma(word)


@lru_cache(maxsize=4)
def default_lemmatizer(nltk_data: str | None = None) -> Lemmatizer:
    return Lemmatizer(nltk_data)


# --------------------------------------------------------------------------------------------
# Verb-noun extraction from Penn-style trees
# --------------------------------------------------------------------------------------------

_ROOT_LABELS = {"", "ROOT", "TOP"}
_DECLARATIVE = {"S", "SINV", "FRAG", "UCP"}
_VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD", "TO"}
_AUX_LEMMAS = {"be", "have", "do", "to", "will", "would", "can", "could", "shall", "should"}
_AUX_LEMMAS |= {"may", "might", "must", "ought", "get"}
_NOUN_TAGS = {"NN", "NNS", "NNP", "NNPS"}


def _base_label(node: Tree | str) -> str:
    """'NP-SBJ-1' -> 'NP', 'S=2' -> 'S'; '-NONE-' and '-LRB-' stay as they are."""
    if not isinstance(node, Tree):
        return ""
    label = node.label()
    if label.startswith("-"):
        return label
    return re.split(r"[-=]", label, maxsplit=1)[0]


def _is_preterminal(node: Tree | str) -> bool:
    return isinstance(node, Tree) and len(node) == 1 and isinstance(node[0], str)


def _phrases(node: Tree, *labels: str) -> list[Tree]:
    return [c for c in node if isinstance(c, Tree) and _base_label(c) in labels]


def _verb_children(node: Tree) -> list[Tree]:
    return [c for c in node if _is_preterminal(c) and _base_label(c) in _VERB_TAGS]


def _main_predicate(node: Tree) -> Tree | None:
    """The VP (or verb-bearing SQ) of the main clause under ``node``, or None."""
    label = _base_label(node)
    if label == "VP":
        return node
    if label in _ROOT_LABELS or label in _DECLARATIVE:
        vps = _phrases(node, "VP")
        if vps:
            return vps[0]
        # Coordinated or nested clauses ("(S (S ...) (CC and) (S ...))"): the first one leads.
        for child in _phrases(node, "S", "SQ", "SBARQ", "SINV", "SBAR", "FRAG"):
            found = _main_predicate(child)
            if found is not None:
                return found
        return None
    if label == "SQ":
        vps = _phrases(node, "VP")
        # "Can you write ..." holds the main verb in a lower VP; "Is there ..." has none.
        return vps[0] if vps else (node if _verb_children(node) else None)
    if label in {"SBARQ", "SBAR"}:
        for child in _phrases(node, "SQ", "S", "SINV", "FRAG"):
            found = _main_predicate(child)
            if found is not None:
                return found
    return None


def _descend_auxiliaries(vp: Tree, lemmatizer: Lemmatizer) -> tuple[Tree | None, Tree]:
    """Follow aux/modal/"to" chains down to the VP whose verb is the main verb."""
    while True:
        verbs = _verb_children(vp)
        lower = _phrases(vp, "VP")
        if not verbs:
            if not lower:
                return None, vp
            vp = lower[0]  # coordinated VPs: "(VP (VP write ...) (CC and) (VP ...))"
            continue
        verb = verbs[0]
        is_aux = _base_label(verb) in {"MD", "TO"} or lemmatizer.verb(verb[0]) in _AUX_LEMMAS
        if lower and is_aux:
            vp = lower[0]
            continue
        return verb, vp


def _noun_head(np: Tree) -> str | None:
    """Head noun of an NP: its rightmost NN* word, looking through NP/NML nesting, never PPs."""
    nouns = [c for c in np if _is_preterminal(c) and _base_label(c) in _NOUN_TAGS]
    if nouns:
        return nouns[-1][0]
    for child in reversed(_phrases(np, "NML", "NX")):
        head = _noun_head(child)
        if head is not None:
            return head
    nested = _phrases(np, "NP")
    return _noun_head(nested[0]) if nested else None


def _direct_object(vp: Tree, verb: Tree) -> Tree | None:
    """First NP after the verb; in "give me a list" the second NP (the theme) is taken."""
    children = list(vp)
    after = children[children.index(verb) + 1 :] if verb in children else children
    nps = [i for i, c in enumerate(after) if isinstance(c, Tree) and _base_label(c) == "NP"]
    if not nps:
        return None
    first = nps[0]
    if len(nps) > 1 and nps[1] == first + 1:
        return after[first + 1]
    return after[first]


def verb_noun_from_tree(tree: Tree | str, lemmatizer: Lemmatizer | None = None) -> Pair:
    """(root verb lemma, direct-object head noun lemma) of a Penn-style constituency tree.

    The copula "be" never takes a direct object (its NP is a predicate nominative), so it yields
    ("be", None). Returns (None, None) when the main clause has no verb (e.g. a bare NP).
    """
    if isinstance(tree, str):
        tree = Tree.fromstring(tree)
    lemmatizer = lemmatizer or default_lemmatizer()
    predicate = _main_predicate(tree)
    if predicate is None:
        return None, None
    verb_node, vp = _descend_auxiliaries(predicate, lemmatizer)
    if verb_node is None:
        return None, None
    verb = lemmatizer.verb(verb_node[0])
    if verb == "be" or _base_label(vp) == "SQ":
        # A fronted verb with no lower VP ("Is there ...", "Does X ...") has a subject after it,
        # not an object.
        return verb, None
    obj = _direct_object(vp, verb_node)
    head = _noun_head(obj) if obj is not None else None
    return verb, lemmatizer.noun(head) if head is not None else None


# --------------------------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerbEntry:
    """One inner-ring wedge: a verb, its pair count, and its most common nouns with counts."""

    verb: str
    count: int
    nouns: tuple[tuple[str, int], ...]


def _pair_counts(pairs: Iterable[Pair] | Mapping[tuple[str, str], int]) -> Counter:
    """Counts of complete (verb, noun) pairs from a list of pairs or a pair -> count mapping."""
    counts: Counter = Counter()
    items = pairs.items() if isinstance(pairs, Mapping) else ((p, 1) for p in pairs)
    for (verb, noun), n in items:
        if verb and noun:
            counts[(str(verb), str(noun))] += int(n)
    return counts


def count_verb_noun_pairs(pairs: Iterable[Pair] | Mapping[tuple[str, str], int]) -> int:
    """Number of distinct (verb, noun) pairs where both parts were found."""
    return len(_pair_counts(pairs))


def top_verbs_and_nouns(
    pairs: Iterable[Pair] | Mapping[tuple[str, str], int], n_verbs: int = 20, n_nouns: int = 4
) -> list[VerbEntry]:
    """The ``n_verbs`` commonest verbs and each one's ``n_nouns`` commonest nouns.

    Only complete pairs count, as in Self-Instruct's figure, so a verb's rank reflects how often
    it took a direct object. Ties break alphabetically so the figure is reproducible.
    """
    counts = _pair_counts(pairs)
    per_verb: dict[str, Counter] = {}
    for (verb, noun), n in counts.items():
        per_verb.setdefault(verb, Counter())[noun] += n
    ranked = sorted(per_verb.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    entries = []
    for verb, nouns in ranked[:n_verbs]:
        top = sorted(nouns.items(), key=lambda kv: (-kv[1], kv[0]))[:n_nouns]
        entries.append(VerbEntry(verb, sum(nouns.values()), tuple(top)))
    return entries


# --------------------------------------------------------------------------------------------
# Tokenisation and sentence selection
# --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"[A-Za-z]+(?=n't\b)|n't\b|'(?:s|re|ve|ll|d|m)\b|[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*|\S"
)
_SENTENCE_END_RE = re.compile(r"(?<=[.?!])\s+|\n+")


def tokenize(text: str) -> list[str]:
    """Penn-like word tokens: punctuation split off, "don't" -> "do" + "n't", "it's" -> "it" "'s"."""
    return _TOKEN_RE.findall(text)


def first_sentence(text: str) -> str:
    """The first non-empty line-or-sentence of an instruction: the part the verb comes from."""
    for part in _SENTENCE_END_RE.split(text.strip()):
        if part.strip():
            return part.strip()
    return ""


# --------------------------------------------------------------------------------------------
# Parsers
# --------------------------------------------------------------------------------------------


class ConstituencyParser(Protocol):
    description: str

    def parse(self, sentence: str) -> Tree: ...

    def parse_sents(self, sentences: Iterable[str]) -> Iterator[Tree]: ...


class BeneparParser:
    """Berkeley Neural Parser (model benepar_en3), the parser both papers used."""

    def __init__(
        self, model: str = BENEPAR_MODEL, nltk_data: str | Path | None = None, batch_size: int = 64
    ) -> None:
        add_nltk_data(nltk_data)
        try:
            import benepar
        except ImportError as error:
            raise ParserUnavailableError(
                "benepar is not installed (pip install benepar)"
            ) from error
        try:
            self._parser = benepar.Parser(model, batch_size=batch_size)
        except LookupError as error:
            raise ParserUnavailableError(BENEPAR_INSTALL_HINT) from error
        self.description = f"Berkeley Neural Parser ({model})"

    def parse(self, sentence: str) -> Tree:
        return next(self.parse_sents([sentence]))

    def parse_sents(self, sentences: Iterable[str]) -> Iterator[Tree]:
        # Pre-tokenised input: benepar's own raw-text path needs NLTK's punkt data.
        token_lists = [tokenize(s) or ["."] for s in sentences]
        yield from self._parser.parse_sents(token_lists)


# --------------------------------------------------------------------------------------------
# Link Grammar (offline)
# --------------------------------------------------------------------------------------------

# Word classes Link Grammar marks with a subscript ("write.v", "poem.n", "short.a").
_LG_VERB_SUBSCRIPTS = ("v", "q", "w")  # also "v-d" (past), "q-d", "w-d"
_LG_NOUN_SUBSCRIPTS = {"n", "n-u", "s", "g", "t", "m", "f", "o", "l", "b", "u", "i", "x", "y", "id"}
_LG_ADJ_SUBSCRIPTS = {"a", "a-c", "a-s"}
# "write.v", "Pellfield[!<CAPITALIZED-WORDS>]", "haiku[?].n" (a guessed unknown word), ".".
_LG_WORD_RE = re.compile(r"^(?P<text>.+?)(?:\[[!?~][^\]]*\])?(?:\.(?P<sub>[a-z#][\w#-]*))?$")

_MODALS = frozenset("can could will would shall should may might must ca wo 'll 'd".split())
_DO_FORMS = frozenset("do does did".split())
_HAVE_FORMS = frozenset("have has had having 've".split())
_BE_FORMS = frozenset("be is are was were am been being 're 'm".split())
_GET_FORMS = frozenset("get gets got gotten getting".split())
_AUXILIARIES = _MODALS | _DO_FORMS | _HAVE_FORMS | _BE_FORMS
_AUXILIARY_TAGS = {"is": "VBZ", "has": "VBZ", "does": "VBZ", "are": "VBP", "am": "VBP"}
_AUXILIARY_TAGS |= {"was": "VBD", "were": "VBD", "had": "VBD", "did": "VBD", "been": "VBN"}
_PRONOUNS = frozenset(
    "i me you he him she her it we us they them myself yourself himself herself itself "
    "ourselves yourselves themselves".split()
)
_POSSESSIVES = frozenset("my your his its our their".split())
_DETERMINERS = frozenset(
    "a an the this that these those each every all some any both either neither no another "
    "such half many much few several".split()
)
_WH_WORDS = {"what": "WP", "who": "WP", "whom": "WP", "whose": "WP$", "which": "WDT"}
_WH_WORDS |= dict.fromkeys("how why where when".split(), "WRB")
_PREPOSITIONS = frozenset(
    "of in on at for with about from by into onto upon as than like between among without "
    "within through across over under after before during against toward towards around behind "
    "beyond via per since until while whether if because although though below above".split()
)
_CONJUNCTIONS = frozenset("and or but nor".split())
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten hundred thousand".split())
_PUNCTUATION = {".": ".", "?": ".", "!": ".", ",": ",", ":": ":", ";": ":", "(": "-LRB-"}
_PUNCTUATION |= {")": "-RRB-", '"': "''", "'": "''", "`": "``", "``": "``", "''": "''"}


@dataclass(frozen=True)
class _LGWord:
    text: str
    subscript: str  # "" when Link Grammar gave none (closed-class words, punctuation)

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_verb(self) -> bool:
        return self.subscript.startswith(_LG_VERB_SUBSCRIPTS)


def _respell(word: str, original: str) -> str:
    """Link Grammar's word with the sentence's own spelling: "translate.v" -> "Translate.v"."""
    if not original:  # the walls
        return word
    if len(word) > 2 and word.startswith("[") and word.endswith("]"):
        return f"[{original}]"
    text = _split_lg_word(word).text
    return original + word[len(text) :] if word.startswith(text) else original


def _split_lg_word(word: str) -> _LGWord:
    """'write.v' -> ('write', 'v'); '[in]' (a word left out of the linkage) -> ('in', '')."""
    if len(word) > 2 and word.startswith("[") and word.endswith("]"):
        return _LGWord(word[1:-1], "")
    match = _LG_WORD_RE.match(word)
    if match is None:
        return _LGWord(word, "")
    return _LGWord(match["text"], match["sub"] or "")


def _lg_tag(word: _LGWord) -> str:
    """A Penn part-of-speech tag from Link Grammar's subscript and a few closed-class lists."""
    lower, sub = word.lower, word.subscript
    if lower in _PUNCTUATION:
        return _PUNCTUATION[lower]
    if lower in _MODALS:
        return "MD"
    if lower == "to":
        return "TO"
    if lower in _AUXILIARY_TAGS:
        return _AUXILIARY_TAGS[lower]
    if word.is_verb:
        if lower.endswith("ing"):
            return "VBG"
        if sub.endswith("-d") or lower.endswith("ed"):
            return "VBD"
        return "VBZ" if lower.endswith("s") and not lower.endswith("ss") else "VB"
    if lower in _PRONOUNS:
        return "PRP"
    if lower in _POSSESSIVES:
        return "PRP$"
    if lower == "'s":
        return "POS"
    if lower in _WH_WORDS:
        return _WH_WORDS[lower]
    if lower == "there" and sub != "e":  # existential "there" (LG: "there.r")
        return "EX"
    if sub in _LG_ADJ_SUBSCRIPTS:
        return {"a-c": "JJR", "a-s": "JJS"}.get(sub, "JJ")
    if sub in {"e", "ee", "h"} or lower in {"not", "n't"}:
        return "RB"
    if lower in _CONJUNCTIONS:
        return "CC"
    if lower in _DETERMINERS:
        return "DT"
    if lower in _PREPOSITIONS or sub == "r":
        return "IN"
    if lower in _NUMBER_WORDS or re.fullmatch(r"[0-9][0-9.,]*", lower):
        return "CD"
    # "number.d" in "the number of vowels" is a noun that Link Grammar treats as a determiner.
    nounlike = sub in _LG_NOUN_SUBSCRIPTS or sub in {"p", "d"}
    if nounlike or (not sub and lower[:1].isalpha()):
        proper = word.text[:1].isupper()
        plural = lower.endswith("s") and not lower.endswith("ss")
        return ("NNP" if proper else "NN") + ("S" if plural else "")
    return "SYM"


def _link_is(label: str, kinds: tuple[str, ...]) -> bool:
    """Is ``label`` of one of ``kinds``? A label is an upper-case link type and lower-case
    subscripts: "O" matches "Os" and "O*n" but not "OF"; "Pv" matches "Pvf" but not "Pg"."""
    return any(
        label.startswith(kind) and not label[len(kind) : len(kind) + 1].isupper() for kind in kinds
    )


class _LinkageReader:
    """Reads one linkage (words with subscripts, labelled links) into a shallow Penn tree.

    Link Grammar's own constituent output mislabels imperatives (its constituent rules predate
    the "Wg"/"Wi" wall links the English dictionary now uses), so the tree is built from the
    links instead: the main clause's verb chain (modal/do + I, have + PP, be + Pv/Pg) as nested
    VPs, and each word the main verb links to with an O link as an NP (its determiners and
    modifiers included). All other words are leaves in their place; every word is one leaf.
    """

    def __init__(self, words: list[str], links: list[tuple[int, int, str]]) -> None:
        self.words = [_split_lg_word(w) for w in words]
        self.links = links
        self.wall = 0 if words and words[0] == "LEFT-WALL" else None
        self.tokens = [i for i, w in enumerate(words) if w not in {"LEFT-WALL", "RIGHT-WALL"}]

    def out(self, i: int, *kinds: str) -> list[tuple[int, str]]:
        """(word, label) of the links from ``i`` to words on its right of the given kinds."""
        return [(r, lab) for (left, r, lab) in self.links if left == i and _link_is(lab, kinds)]

    def into(self, i: int, *kinds: str) -> list[tuple[int, str]]:
        """(word, label) of the links to ``i`` from words on its left of the given kinds."""
        return [(left, lab) for (left, r, lab) in self.links if r == i and _link_is(lab, kinds)]

    def first_conjunct(self, i: int) -> int:
        """ "solve.v and.j-v show.v": a conjunction stands for its left conjunct (xJl links)."""
        while left := self.into(i, "VJl", "SJl", "AJl", "RJl", "MJl", "CJl"):
            i = min(j for j, _ in left)
        return i

    # -- the main clause's verbs ------------------------------------------------------------

    def finite_verb(self) -> int | None:
        """The first verb of the main clause (an auxiliary if there is one), or None."""
        if self.wall is None:
            return None
        wall = self.out(self.wall, "W", "WV", "Q")
        head = [r for r, lab in wall if lab.startswith("WV")]
        if head:
            return self.top_of_chain(self.first_conjunct(head[0]))
        # Imperatives (Wi, Wg), declaratives (Wd), wh-questions (Wq, Ws, Wj) and yes/no
        # questions (Qd) link to the wall. After an opening phrase ("Given X, find Y", "Using
        # X, answer Y") the main clause hangs off the comma the wall links to with Xx.
        starts = [
            r
            for comma, _ in self.out(self.wall, "Xx")
            if self.words[comma].text == ","
            for r, _ in self.out(comma, "W")
        ]
        starts += [r for r, _ in sorted(wall, key=lambda rl: (rl[1].startswith("Wx"), rl[0]))]
        for target in starts:
            target = self.first_conjunct(target)
            if self.words[target].is_verb:
                return target
            later = [i for i in self.tokens if i > target and self.words[i].is_verb]
            if later:
                return later[0]
        return None

    def top_of_chain(self, verb: int) -> int:
        """From the head verb Link Grammar points at (WV) up to the clause's first verb."""
        while True:
            above = [
                left
                for left, _ in self.into(verb, "I", "PP", "Pv", "Pg", "IV", "TO")
                if left != self.wall
                and (self.words[left].is_verb or self.words[left].lower == "to")
            ]
            if not above:
                return verb
            verb = min(above)

    def next_in_chain(self, verb: int) -> int | None:
        """The verb an auxiliary governs: modal/do/to + I, have + PP, be + Pv/Pg, get + Pv."""
        word = self.words[verb].lower
        if word in _MODALS or word in _DO_FORMS or word == "to":
            labels: tuple[str, ...] = ("I",)
        elif word in _HAVE_FORMS:
            labels = ("PP",)
        elif word in _BE_FORMS:
            labels = ("Pv", "Pg")
            # "is being described": the English dictionary links some of these as is-O-being
            # and being-Mv-described; read them as the progressive passive they are.
            being = [r for left, r, _ in self.links if left == verb and r == verb + 1]
            being = [r for r in being if self.words[r].lower == "being"]
            if word == "being":
                labels = ("Pv", "Mv")
            elif being and not self.out(verb, *labels):
                return being[0]
        elif word in _GET_FORMS:
            labels = ("Pv",)
        else:
            return None
        below = [r for r, lab in self.out(verb, *labels) if self.words[r].is_verb]
        return min(below) if below else None

    def verb_chain(self) -> list[int]:
        first = self.finite_verb()
        if first is None:
            return []
        chain = [first]
        while (lower := self.next_in_chain(chain[-1])) is not None and lower not in chain:
            chain.append(lower)
        return chain

    # -- objects ----------------------------------------------------------------------------

    def objects(self, verb: int) -> list[tuple[int, int]]:
        """(first word, head word) of each O-linked object right of ``verb``, left to right."""
        found = self.out(verb, "O")
        if not found:  # "read and summarize the text": the object links to the conjunction
            for conj, _ in self.out(verb, "VJl"):
                found += self.out(conj, "O")
        spans = []
        for head, _ in sorted(found):
            head = self.first_conjunct(head)
            head = self.quantity_head(head, verb)
            spans.append((self.left_edge(head, verb), head))
        # Overlapping spans cannot both be NPs; keep the earlier one.
        kept: list[tuple[int, int]] = []
        for start, head in spans:
            if not kept or start > kept[-1][1]:
                kept.append((start, head))
        return kept

    def quantity_head(self, noun: int, verb: int) -> int:
        """ "the number of vowels": Link Grammar makes "number" a determiner of "vowels"; the
        Penn head is "number" (the NP before "of")."""
        for det, _ in self.into(noun, "D"):
            if verb < det and self.out(det, "OF") and self.words[det].lower not in _DETERMINERS:
                return det
        return noun

    def left_edge(self, head: int, verb: int) -> int:
        """Leftmost word between ``verb`` and ``head`` linked (transitively) into ``head``."""
        edge, stack, seen = head, [head], {head}
        while stack:
            i = stack.pop()
            for left, right, _ in self.links:
                other = left if right == i else right if left == i else None
                if other is not None and verb < other < head and other not in seen:
                    seen.add(other)
                    stack.append(other)
                    edge = min(edge, other)
        return edge

    # -- tree -------------------------------------------------------------------------------

    def leaf(self, i: int) -> Tree:
        return Tree(_lg_tag(self.words[i]), [self.words[i].text])

    def tree(self) -> Tree:
        if not self.tokens:
            return Tree("ROOT", [])
        chain = self.verb_chain()
        if not chain:
            return Tree("ROOT", [Tree("FRAG", [self.leaf(i) for i in self.tokens])])
        last = self.tokens[-1]
        final = [last] if self.words[last].text in {".", "?", "!"} and last > chain[-1] else []
        body = [i for i in self.tokens if i not in final]
        vp = self.verb_phrase(chain, [i for i in body if i >= chain[0]])
        before = [self.leaf(i) for i in body if i < chain[0]]
        auxiliary = self.words[chain[0]].lower in _AUXILIARIES
        if auxiliary and self.out(chain[0], "SI", "SFI"):  # "Can you ...", "Is it ...": inversion
            wh_question = self.out(self.wall, "Wq", "Ws", "Wj", "Wb", "Ww")
            if wh_question:  # (SBARQ (WHNP ...) (SQ aux subject (VP ...)))
                clause = Tree("SBARQ", [*before, Tree("SQ", list(vp))])
            else:
                clause = Tree("SQ", [*before, *vp])
        else:
            clause = Tree("S", [*before, vp])
        clause.extend(self.leaf(i) for i in final)
        return Tree("ROOT", [clause])

    def verb_phrase(self, chain: list[int], words: list[int]) -> Tree:
        """(VP aux (VP aux (VP verb NP ...))): ``words`` from the chain's first verb onwards."""
        if len(chain) > 1:
            own = [i for i in words if i < chain[1]]
            rest = [i for i in words if i >= chain[1]]
            return Tree("VP", [self.leaf(i) for i in own] + [self.verb_phrase(chain[1:], rest)])
        children: list[Tree] = []
        spans = {start: head for start, head in self.objects(chain[0]) if head in words}
        position = iter(words)
        for i in position:
            if i in spans:
                head = spans[i]
                np = [self.leaf(i)]
                while i < head:
                    i = next(position)
                    np.append(self.leaf(i))
                children.append(Tree("NP", np))
            else:
                children.append(self.leaf(i))
        return Tree("VP", children)


class LinkGrammarParser:
    """CMU Link Grammar with its English dictionary (Debian's packages), offline.

    Each sentence's lowest-cost linkage is read into a shallow Penn-style tree by
    :class:`_LinkageReader`, which :func:`verb_noun_from_tree` walks like benepar's trees. Words
    the grammar cannot link are skipped (up to ``max_nulls`` of them; text needing more gets no
    linkage and so no pair), and input is cut to its first ``max_words`` words: both bound the
    cost of Link Grammar's search, which otherwise grows steeply on long or garbled text.
    Parsing is deterministic (Link Grammar samples linkages with a fixed seed).
    """

    def __init__(self, language: str = "en", max_words: int = 60, max_nulls: int = 6) -> None:
        try:
            lg = link_grammar.load()
        except ImportError as error:
            raise ParserUnavailableError(str(error)) from error
        lg.LG_Error.set_handler(_log_link_grammar_message)
        try:
            self._dictionary = lg.Dictionary(language)
        except lg.LG_Error as error:
            raise ParserUnavailableError(f"{link_grammar.INSTALL_HINT} ({error})") from error
        self._lg = lg
        self._clg = lg.Clinkgrammar
        self._options = lg.ParseOptions(
            verbosity=0, min_null_count=0, max_null_count=max_nulls, linkage_limit=1000
        )
        self.max_words = max_words
        version = self._clg.linkgrammar_get_version().removeprefix("link-grammar-")
        self.description = (
            f"CMU Link Grammar {version} ({language} dictionary; verb and object read from "
            f"its linkage, {BENEPAR_MODEL} unavailable offline)"
        )

    def linkage(self, sentence: str) -> tuple[list[str], list[tuple[int, int, str]]]:
        """Words (with subscripts and walls) and (left, right, label) links; ([], []) if none."""
        text = " ".join(sentence.split()[: self.max_words])
        if not text:
            return [], []
        parsed = self._lg.Sentence(text, self._dictionary, self._options).parse()
        linkage = next(iter(parsed), None)
        if linkage is None:
            return [], []
        clg, handle = self._clg, linkage._obj
        links = [
            (
                clg.linkage_get_link_lword(handle, i),
                clg.linkage_get_link_rword(handle, i),
                clg.linkage_get_link_label(handle, i),
            )
            for i in range(linkage.num_of_links())
        ]
        words = [
            _respell(linkage.word(i), text[linkage.word_char_start(i) : linkage.word_char_end(i)])
            for i in range(linkage.num_of_words())
        ]
        return words, links

    def parse(self, sentence: str) -> Tree:
        return _LinkageReader(*self.linkage(sentence)).tree()

    def parse_sents(self, sentences: Iterable[str]) -> Iterator[Tree]:
        for sentence in sentences:
            yield self.parse(sentence)


def _log_link_grammar_message(error, data) -> None:
    """Link Grammar's messages: information (dictionary found, locale) at debug level."""
    text = str(getattr(error, "text", error)).strip()
    info = getattr(error, "severity", 0) >= 4  # lg_Info, lg_Debug, lg_Trace
    LOG.log(logging.DEBUG if info else logging.WARNING, "link-grammar: %s", text)


def parser_problem(name: str, nltk_data: str | Path | None = None) -> str | None:
    """Why :func:`get_parser` would fail for ``name``, as one line, or None.

    Cheap (no torch import, no model load), so the workflow can warn when it starts instead of
    when the diversity figures are finally drawn after hours of generation.
    """
    if name == "link_grammar":
        return link_grammar.problem()
    if name != "benepar":
        return None
    if importlib.util.find_spec("benepar") is None:
        return "benepar is not installed (pip install benepar)"
    add_nltk_data(nltk_data)
    try:
        nltk.data.find(f"models/{BENEPAR_MODEL}")
    except LookupError:
        return " ".join(BENEPAR_INSTALL_HINT.split())
    return None


PARSERS = ("benepar", "link_grammar")


def get_parser(name: str, nltk_data: str | Path | None = None) -> ConstituencyParser:
    """A parser by name: "benepar" (needs the benepar_en3 model) or "link_grammar" (offline)."""
    if name == "benepar":
        return BeneparParser(nltk_data=nltk_data)
    if name == "link_grammar":
        return LinkGrammarParser()
    raise ValueError(f"unknown parser {name!r}; expected one of {', '.join(PARSERS)}")


def extract_verb_noun_pairs(
    instructions: Iterable[str], parser: ConstituencyParser, lemmatizer: Lemmatizer | None = None
) -> list[Pair]:
    """(verb, noun) of each instruction's first sentence, in input order."""
    sentences = [first_sentence(text) for text in instructions]
    return [verb_noun_from_tree(t, lemmatizer) for t in parser.parse_sents(sentences)]
