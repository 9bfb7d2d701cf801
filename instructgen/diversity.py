"""Instruction diversity as in Self-Instruct: root verb + first direct-object noun per instruction.

Each instruction's first sentence is parsed into a Penn-Treebank-style constituency tree; the
main clause's verb and the head noun of its direct object give one (verb, noun) pair. The
sunburst figure shows the 20 most common verbs and their 4 most common nouns, and the number of
unique pairs summarises diversity.

Two parsers sit behind :func:`get_parser`:

* ``"benepar"``: the Berkeley Neural Parser with model ``benepar_en3``, as in the papers. The
  model has to be downloaded once (see :data:`BENEPAR_INSTALL_HINT`).
* ``"heuristic"``: an offline parser written for instruction-like sentences (imperatives,
  questions, "Given X, do Y", "Please ..."). It tags words with a closed-class lexicon, WordNet
  (when its data is installed) and suffix rules, and builds a shallow Penn-style tree. It is an
  approximation used when benepar's model cannot be fetched; figure captions say which was used.

:func:`verb_noun_from_tree` only reads Penn labels, so it works on trees from either parser.

Lemmatisation uses NLTK's WordNetLemmatizer when WordNet data is found, else a rule-based
fallback (irregular-form tables, -s/-es/-ies, -ed, -ing with a small base-verb lexicon to restore
a dropped final "e"). Both give the same lemmas on common instruction vocabulary; rare words may
differ, so results name the lemmatiser in use (:attr:`Lemmatizer.backend`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import nltk
from nltk import Tree

BENEPAR_MODEL = "benepar_en3"
BENEPAR_INSTALL_HINT = (
    "benepar model 'benepar_en3' is not installed. On a machine with network access run\n"
    "    python -c \"import benepar; benepar.download('benepar_en3')\"\n"
    "or copy an existing 'benepar_en3' model folder into <nltk_data>/models/ "
    "(any folder on nltk.data.path, or pass nltk_data=...). "
    "Use the 'heuristic' parser to run without it."
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
# against it (e.g. "writing" -> "writ"/"write": only "write" is a verb), and the heuristic parser
# treats them as verb-capable when WordNet is absent.
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


def parser_problem(name: str, nltk_data: str | Path | None = None) -> str | None:
    """Why :func:`get_parser` would fail for ``name``, as one line, or None.

    Cheap (no torch import, no model load), so the workflow can warn when it starts instead of
    when the diversity figures are finally drawn after hours of generation.
    """
    if name != "benepar":
        return None
    import importlib.util

    if importlib.util.find_spec("benepar") is None:
        return "benepar is not installed (pip install benepar)"
    add_nltk_data(nltk_data)
    try:
        nltk.data.find(f"models/{BENEPAR_MODEL}")
    except LookupError:
        return " ".join(BENEPAR_INSTALL_HINT.split())
    return None


def get_parser(name: str, nltk_data: str | Path | None = None) -> ConstituencyParser:
    """A parser by name: "benepar" (needs the benepar_en3 model) or "heuristic" (offline)."""
    if name == "benepar":
        return BeneparParser(nltk_data=nltk_data)
    if name == "heuristic":
        return HeuristicParser(nltk_data=nltk_data)
    raise ValueError(f"unknown parser {name!r}; expected 'benepar' or 'heuristic'")


def extract_verb_noun_pairs(
    instructions: Iterable[str], parser: ConstituencyParser, lemmatizer: Lemmatizer | None = None
) -> list[Pair]:
    """(verb, noun) of each instruction's first sentence, in input order."""
    sentences = [first_sentence(text) for text in instructions]
    return [verb_noun_from_tree(t, lemmatizer) for t in parser.parse_sents(sentences)]


# --------------------------------------------------------------------------------------------
# Heuristic offline parser
# --------------------------------------------------------------------------------------------

_CLOSED_CLASS: dict[str, str] = {
    **dict.fromkeys(
        "a an the this that these those each every some any all no another both either neither".split(),
        "DT",
    ),
    **dict.fromkeys("my your his its our their".split(), "PRP$"),
    **dict.fromkeys(
        "i you he she it we they me him her us them myself yourself yourselves itself "
        "themselves ourselves himself herself".split(),
        "PRP",
    ),
    **dict.fromkeys(
        "of in on at for with about from by into onto upon as than like between among without "
        "within through across over under after before during against toward towards around "
        "behind beyond via per including regarding despite since until unless while whether if "
        "because although though once".split(),
        "IN",
    ),
    "to": "TO",
    **dict.fromkeys("and or but nor &".split(), "CC"),
    **dict.fromkeys("can could will would shall should may might must ca wo 'll 'd".split(), "MD"),
    **{"am": "VBP", "is": "VBZ", "are": "VBP", "was": "VBD", "were": "VBD", "be": "VB"},
    **{"been": "VBN", "being": "VBG", "'re": "VBP", "'m": "VBP", "'s": "VBZ"},
    **{"has": "VBZ", "have": "VBP", "had": "VBD", "having": "VBG", "'ve": "VBP"},
    **{"does": "VBZ", "do": "VBP", "did": "VBD"},
    **{"what": "WP", "who": "WP", "whom": "WP", "whose": "WP$", "which": "WDT"},
    **dict.fromkeys("how why where when".split(), "WRB"),
    **dict.fromkeys(
        "not n't never also very only just too really quite rather always often usually still "
        "even already almost then now".split(),
        "RB",
    ),
    "please": "UH",
}
_PUNCT_TAGS = {".": ".", "?": ".", "!": ".", ",": ",", ":": ":", ";": ":", "-": ":"}
_PUNCT_TAGS |= {"(": "-LRB-", ")": "-RRB-", '"': "''", "'": "''", "`": "``", "$": "$", "#": "#"}
_TERMINATORS = {".", "?", "!", ":", ";"}
_AUX_WORDS = {w for w, t in _CLOSED_CLASS.items() if t in {"MD", "VB", "VBZ", "VBP", "VBD"}}
_AUX_WORDS |= {"been", "being", "having"}
_SUBJECT_PRONOUNS = {"i", "you", "we", "they", "he", "she", "it", "there"}
_PARTICLES = {"up", "out", "down", "off", "back", "away", "together"}
_SUBORDINATORS = {
    "if",
    "because",
    "although",
    "though",
    "while",
    "whether",
    "unless",
    "since",
    "once",
}
_PARTICIPLE_INTROS = {"given", "based", "using", "considering", "assuming", "according"}
_CLAUSE_INTROS = _PARTICIPLE_INTROS | _SUBORDINATORS | {"when", "for", "in", "as", "with", "from"}
_SENTENCE_ADVERBS = {"kindly", "now", "also", "then", "next", "finally", "first", "firstly"}
_SENTENCE_ADVERBS |= {"lastly", "additionally", "briefly", "simply"}
_QUOTES = {'"', "'", "`", "``", "''", "\u201c", "\u201d", "\u2018", "\u2019"}
_IRREGULAR_PARTICIPLES = {
    w for w, lemma in _IRREGULAR_VERBS.items() if w.endswith(("en", "wn", "ne")) and w != lemma
} | {"made", "found", "told", "built", "sent", "kept", "held", "said", "thought", "shown"}

_NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ist")
_NOUN_SUFFIXES += ("ogy", "hood", "dom", "er", "or", "age", "ure")
_ADJ_SUFFIXES = ("ous", "ful", "ive", "able", "ible", "ical", "less", "ish", "ic", "al")


# Without WordNet, BASE_VERBS entries count as verbs only; these are nouns or adjectives too,
# which matters inside noun phrases ("the correct answer", "a grocery list").
_VERB_NOUNS: frozenset[str] = frozenset(
    """
    answer list name plan test code rhyme outline output draft label map point quote rank rate
    reply return review search sort support state spot turn use note group format design count
    check change call cut fix guess help link match need play present set share show split tag
    want focus run break love wish hope question order report title
    """.split()
)
_VERB_ADJECTIVES: frozenset[str] = frozenset("correct complete separate clean clear open".split())


def _suffix_classes(word: str) -> set[str]:
    """Coarse word classes (n/v/a/r) from spelling alone, for use without WordNet."""
    if word in _VERB_NOUNS or word in _VERB_ADJECTIVES:
        return {"v", "n"} if word in _VERB_NOUNS else {"v", "a"}
    if word.endswith("est") and len(word) > 5:
        return {"a"}
    if word.endswith("ly") and len(word) > 4:
        return {"r"}
    if word.endswith(("ize", "ise", "ify")):
        return {"v"}
    if word.endswith("ate"):
        return {"v", "n", "a"}
    if word.endswith("ing") and len(word) > 5:
        return {"v", "n"}
    if word.endswith("ed") and len(word) > 4:
        return {"v", "a"}
    stem = _rule_noun_lemma(word)
    if stem.endswith(_NOUN_SUFFIXES):
        return {"n"}
    if stem.endswith(_ADJ_SUFFIXES):
        return {"a", "n"} if stem.endswith("al") else {"a"}
    return set()


class _Lexicon:
    """Open-class word classes from WordNet (when loaded), suffix rules and BASE_VERBS."""

    def __init__(self, wordnet, lemmatizer: Lemmatizer) -> None:
        self._wordnet = wordnet
        self._lemmatizer = lemmatizer
        self._cache: dict[str, frozenset[str]] = {}

    def classes(self, word: str) -> frozenset[str]:
        """Subset of {"n", "v", "a", "r"}; empty when nothing is known about the word."""
        word = word.lower()
        if word not in self._cache:
            if self._wordnet is not None:
                found = {"a" if s.pos() == "s" else s.pos() for s in self._wordnet.synsets(word)}
            else:
                found = _suffix_classes(word)
            if word in _IRREGULAR_VERBS or self._lemmatizer.verb(word) in BASE_VERBS:
                found.add("v")
            self._cache[word] = frozenset(found)
        return self._cache[word]

    def verb_capable(self, word: str) -> bool:
        return "v" in self.classes(word)

    def noun_capable(self, word: str) -> bool:
        classes = self.classes(word)
        return "n" in classes or not classes

    def adj_capable(self, word: str) -> bool:
        return "a" in self.classes(word)

    def prefers_verb(self, word: str) -> bool:
        """Verb reading preferred where either fits (after "and", a comma or an object)."""
        if not self.verb_capable(word):
            return False
        return not self.noun_capable(word) or self._lemmatizer.verb(word) in BASE_VERBS

    def adverb_only(self, word: str) -> bool:
        return self.classes(word) == {"r"}


class _TreeBuilder:
    """Recursive descent over one token list; every token ends up as exactly one leaf."""

    def __init__(self, tokens: list[str], lexicon: _Lexicon, lemmatizer: Lemmatizer) -> None:
        self.tokens = tokens
        self.i = 0
        self.end = len(tokens)
        self.lex = lexicon
        self.lem = lemmatizer
        self.question = "?" in tokens

    # -- token access ---------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> str:
        j = self.i + ahead
        return self.tokens[j].lower() if j < self.end else ""

    def at_stop(self) -> bool:
        return self.peek() == "" or self.peek() in _TERMINATORS

    def take(self, tag: str) -> Tree:
        token = self.tokens[self.i]
        self.i += 1
        return Tree(tag, [token])

    def guess_tag(self, word: str) -> str:
        lower = word.lower()
        if lower in _PUNCT_TAGS:
            return _PUNCT_TAGS[lower]
        if lower in _CLOSED_CLASS:
            return _CLOSED_CLASS[lower]
        if lower in _QUOTES:
            return "''"
        if re.fullmatch(r"[0-9][0-9.,]*", lower):
            return "CD"
        return self.noun_tag(word)

    def noun_tag(self, word: str) -> str:
        plural = word.lower().endswith("s") and self.lem.noun(word) != word.lower()
        if word[:1].isupper() and self.i > 1:
            return "NNPS" if plural else "NNP"
        return "NNS" if plural else "NN"

    def verb_tag(self, word: str, after: str | None) -> str:
        lower = word.lower()
        if lower in _CLOSED_CLASS and _CLOSED_CLASS[lower] in _VERB_TAGS:
            return _CLOSED_CLASS[lower]
        if lower.endswith("ing"):
            return "VBG"
        if lower in _IRREGULAR_PARTICIPLES or (lower.endswith("ed") and after in {"be", "have"}):
            return "VBN"
        lemma = self.lem.verb(lower)
        if lower.endswith("ed") or (lower in _IRREGULAR_VERBS and lemma != lower):
            return "VBD"
        if lower.endswith("s") and lemma != lower:
            return "VBZ"
        return "VB"

    # -- predicates on the upcoming tokens --------------------------------------------------

    def is_participle(self, word: str) -> bool:
        if word in _IRREGULAR_PARTICIPLES or word in {"been", "being"}:
            return True
        return word.endswith(("ed", "ing")) and self.lex.verb_capable(word)

    def starts_np(self, word: str) -> bool:
        if word == "" or word in _TERMINATORS or word in _PUNCT_TAGS:
            return word in _QUOTES
        tag = _CLOSED_CLASS.get(word)
        if tag is not None:
            return tag in {"DT", "PRP$", "PRP"} or word == "there"
        return True

    def aux_takes_vp(self, lemma: str, tag: str) -> bool:
        """Does the auxiliary just read govern a lower VP starting at the next token?"""
        nxt = self.peek()
        if not nxt or _CLOSED_CLASS.get(nxt) in {"DT", "PRP$", "PRP", "IN", "CC", "WP", "WDT"}:
            return False
        if lemma == "be":
            return self.is_participle(nxt)
        if lemma == "have":
            return self.is_participle(nxt) and not nxt.endswith("ing")
        if tag in {"MD", "TO"} or lemma == "do":
            known = self.lex.classes(nxt)
            return "v" in known or not known or nxt in {"be", "have", "do"}
        return False

    def comma_then_clause(self) -> int | None:
        """Index of a comma ahead that ends an introductory phrase, if the main clause follows."""
        for j in range(self.i + 1, self.end):
            token = self.tokens[j].lower()
            if token in _TERMINATORS:
                return None
            if token == ",":
                nxt = self.tokens[j + 1].lower() if j + 1 < self.end else ""
                clause_start = nxt in _AUX_WORDS or nxt in {"please", "what", "how", "which"}
                clause_start |= nxt in _SUBJECT_PRONOUNS or self.lex.verb_capable(nxt)
                return j if clause_start else None
        return None

    # -- sentence level ---------------------------------------------------------------------

    def parse(self) -> Tree:
        children = [self.sentence()] if self.tokens else []
        leftovers = [self.take(self.guess_tag(t)) for t in self.tokens[self.i :]]
        if leftovers:
            children.append(Tree("FRAG", leftovers))
        return Tree("ROOT", children)

    def sentence(self) -> Tree:
        pre = self.sentence_openers()
        clause = self.clause()
        for node in reversed(pre):
            clause.insert(0, node)
        if self.peek() in _TERMINATORS and self.peek():
            clause.append(self.take(_PUNCT_TAGS[self.peek()]))
        return clause

    def sentence_openers(self) -> list[Tree]:
        """ "Please", sentence adverbs and "Given X," style phrases before the main clause."""
        pre: list[Tree] = []
        while not self.at_stop():
            word = self.peek()
            if word == "please":
                pre.append(Tree("INTJ", [self.take("UH")]))
            elif word in _SENTENCE_ADVERBS and not self.lex.verb_capable(word):
                pre.append(Tree("ADVP", [self.take("RB")]))
            elif word in _CLAUSE_INTROS and (comma := self.comma_then_clause()) is not None:
                pre.append(self.bounded(comma, self.intro))
            else:
                break
            if self.peek() == ",":
                pre.append(self.take(","))
        return pre

    def bounded(self, end: int, build) -> Tree:
        """Run ``build`` as if the sentence ended at token ``end``."""
        saved, self.end = self.end, end
        try:
            node = build()
            rest = [self.take(self.guess_tag(t)) for t in self.tokens[self.i : end]]
            node.extend(rest)
            return node
        finally:
            self.end = saved

    def intro(self) -> Tree:
        word = self.peek()
        if word in _SUBORDINATORS or word == "when":
            comp = self.take("WRB" if word == "when" else "IN")
            return Tree("SBAR", [comp, self.declarative()])
        if word in {"using", "considering", "assuming"}:
            return Tree("S", [self.vp(after=None)])
        if word in _PARTICIPLE_INTROS:
            return Tree("PP", [self.take("VBN"), *self.complements()])
        return Tree("PP", [self.take("IN"), *self.complements()])

    def clause(self) -> Tree:
        word = self.peek()
        if _CLOSED_CLASS.get(word) in {"WP", "WDT", "WRB", "WP$"}:
            return self.wh_question()
        if word in _AUX_WORDS and (self.question or self.peek(1) in _SUBJECT_PRONOUNS):
            if word not in {"let"}:
                return self.yes_no_question()
        if self.starts_imperative():
            return Tree("S", [self.vp(after=None)])
        return self.declarative()

    def starts_imperative(self) -> bool:
        word = self.peek()
        if not word or word in _PUNCT_TAGS or word in _QUOTES:
            return False
        if word in {"be", "do", "have"}:
            return True
        if word in _CLOSED_CLASS:
            return False
        if self.lex.verb_capable(word):
            return True
        # Unknown words open most instructions as verbs when an object follows ("Tweet a ...").
        follower = _CLOSED_CLASS.get(self.peek(1))
        return not self.lex.classes(word) and follower in {"DT", "PRP", "PRP$"}

    # -- clauses ----------------------------------------------------------------------------

    def declarative(self) -> Tree:
        if self.at_stop():
            return Tree("S", [])
        children: list[Tree] = []
        if self.starts_np(self.peek()):
            children.append(self.np(expect_verb=False))
        children.extend(self.adverbs())
        if not self.at_stop() and (self.peek() in _AUX_WORDS or self.lex.verb_capable(self.peek())):
            children.append(self.vp(after=None))
            return Tree("S", children)
        children.extend(self.complements())
        return Tree("FRAG", children)

    def yes_no_question(self) -> Tree:
        aux_word = self.peek()
        aux = self.take(self.verb_tag(aux_word, None))
        return Tree("SQ", [aux, *self.question_body(self.lem.verb(aux_word), aux.label())])

    def question_body(self, aux_lemma: str, aux_tag: str) -> list[Tree]:
        """What follows a fronted auxiliary: [subject] [adverbs] [lower VP] [complements]."""
        children = self.adverbs()
        if self.aux_takes_vp(aux_lemma, aux_tag) and not self.starts_np_strictly():
            return [*children, self.vp(after=aux_lemma)]
        if self.starts_np(self.peek()):
            subject = self.np(expect_verb=True)
            if self.peek() in _QUOTES:  # "Does the word 'x' mean ...": the quote is appositive
                subject = Tree("NP", [subject, self.quoted()])
            children.append(subject)
        children.extend(self.adverbs())
        if not self.at_stop() and self.aux_takes_vp(aux_lemma, aux_tag):
            children.append(self.vp(after=aux_lemma))
        children.extend(self.complements())
        return children

    def starts_np_strictly(self) -> bool:
        """Unambiguous NP starts (determiner, pronoun, quote), used before a subject."""
        word = self.peek()
        return _CLOSED_CLASS.get(word) in {"DT", "PRP$", "PRP"} or word in _QUOTES

    def wh_question(self) -> Tree:
        wh = self.wh_phrase()
        word = self.peek()
        if word == "to":
            return Tree("SBARQ", [wh, Tree("S", [self.vp(after=None)])])
        if word in _AUX_WORDS:
            lemma = self.lem.verb(word)
            if lemma == "have" and not (
                self.is_participle(self.peek(1)) or self.peek(1) in _SUBJECT_PRONOUNS
            ):
                return Tree("SBARQ", [wh, Tree("SQ", [self.vp(after=None)])])
            aux = self.take(self.verb_tag(word, None))
            return Tree("SBARQ", [wh, Tree("SQ", [aux, *self.question_body(lemma, aux.label())])])
        if word and self.lex.verb_capable(word):
            return Tree("SBARQ", [wh, Tree("SQ", [self.vp(after=None)])])
        return Tree("SBARQ", [wh, Tree("FRAG", self.complements())])

    def wh_phrase(self) -> Tree:
        word = self.peek()
        tag = _CLOSED_CLASS[word]
        children = [self.take(tag)]
        if word == "how" and self.peek() in {"many", "much"}:
            children.append(self.take("JJ"))
            if self.starts_np(self.peek()) and self.peek() not in _AUX_WORDS:
                children.extend(self.np_words())
            return Tree("WHNP", children)
        if tag == "WRB":
            return Tree("WHADVP", children)
        nxt = self.peek()
        if tag in {"WDT", "WP", "WP$"} and nxt and nxt not in _CLOSED_CLASS:
            if self.lex.noun_capable(nxt) and not self.lex.prefers_verb(nxt):
                children.extend(self.np_words())
        node = Tree("WHNP", children)
        if self.peek() == "of" and len(children) > 1:
            node = Tree("WHNP", [node, self.pp()])
        return node

    # -- phrases ----------------------------------------------------------------------------

    def adverbs(self) -> list[Tree]:
        found = []
        while not self.at_stop() and (
            _CLOSED_CLASS.get(self.peek()) == "RB" or self.lex.adverb_only(self.peek())
        ):
            found.append(self.take("RB"))
        return found

    def vp(self, after: str | None) -> Tree:
        word = self.peek()
        tag = "TO" if word == "to" else self.verb_tag(word, after)
        children = [self.take(tag)]
        lemma = "to" if tag == "TO" else self.lem.verb(word)
        if tag in {"MD", "TO"} or lemma in {"be", "have", "do"}:
            children.extend(self.adverbs())
            if self.aux_takes_vp(lemma, tag):
                children.append(self.vp(after=lemma))
                return Tree("VP", children)
        if self.peek() in _PARTICLES and self.peek(1) not in {"of", "to"}:
            children.append(Tree("PRT", [self.take("RP")]))
        children.extend(self.complements())
        node = Tree("VP", children)
        return self.coordinate(node)

    def coordinate(self, left: Tree) -> Tree:
        """ "Read X and answer Y": wrap both VPs under one VP, the first leading."""
        offset = 1 if self.peek() == "," else 0
        conj = self.peek(offset)
        if _CLOSED_CLASS.get(conj) != "CC":
            return left
        nxt = self.peek(offset + 1)
        if not nxt or not self.lex.prefers_verb(nxt):
            return left
        children = [left]
        if offset:
            children.append(self.take(","))
        children.append(self.take("CC"))
        children.append(self.vp(after=None))
        return Tree("VP", children)

    def complements(self) -> list[Tree]:
        """Phrases after a verb (or preposition) up to the end of the clause."""
        children: list[Tree] = []
        while not self.at_stop():
            word = self.peek()
            previous = _base_label(children[-1]) if children else ""
            if word == ",":
                if _CLOSED_CLASS.get(self.peek(1)) == "CC" and self.lex.prefers_verb(self.peek(2)):
                    break
                children.append(self.take(","))
            elif _CLOSED_CLASS.get(word) == "CC":
                if self.lex.prefers_verb(self.peek(1)):
                    break
                children.append(self.take("CC"))
            elif word == "to":
                if self.lex.verb_capable(self.peek(1)) and not self.starts_np_strictly_at(1):
                    children.append(Tree("S", [self.vp(after=None)]))
                else:
                    children.append(self.pp())
            elif word in _SUBORDINATORS or self.is_complementizer(word, previous):
                children.append(self.sbar())
            elif _CLOSED_CLASS.get(word) == "IN":
                children.append(self.pp())
            elif _CLOSED_CLASS.get(word) == "RB" or self.lex.adverb_only(word):
                children.append(Tree("ADVP", [self.take("RB")]))
            elif word == "'s" and not children:
                children.append(Tree("NP", [self.take("PRP")]))  # "Let's" = "let us"
            elif previous in {",", "ADVP", "CC"} and self.lex.prefers_verb(word):
                children.append(self.vp(after=None))
            elif word in _AUX_WORDS and word not in {"have", "do", "be"}:
                children.append(self.vp(after=None))
            elif previous == "NP" and self.verb_after_object(word):
                children.append(self.vp(after=None))
            elif word in _QUOTES:
                children.append(self.quoted())
            elif self.starts_np(word) and not (
                self.lex.adj_capable(word) and not self.lex.noun_capable(word)
            ):
                children.append(self.np(expect_verb=False))
            elif self.lex.adj_capable(word):
                children.append(Tree("ADJP", [self.take("JJ")]))
            elif self.lex.verb_capable(word):
                children.append(self.vp(after=None))
            else:
                children.append(self.take(self.guess_tag(self.tokens[self.i])))
        return children

    def starts_np_strictly_at(self, ahead: int) -> bool:
        return _CLOSED_CLASS.get(self.peek(ahead)) in {"DT", "PRP$"}

    def is_complementizer(self, word: str, previous: str) -> bool:
        """ "that"/wh-words open a clause, except "that" as a determiner ("Summarize that text")."""
        if _CLOSED_CLASS.get(word) in {"WP", "WDT", "WRB", "WP$"}:
            return True
        if word != "that":
            return False
        nxt = self.peek(1)
        determiner = previous in {"", "VB", "VBZ", "VBP", "VBD", "IN"} and (
            nxt not in _CLOSED_CLASS and self.lex.noun_capable(nxt) and nxt not in BASE_VERBS
        )
        return not determiner

    def verb_after_object(self, word: str) -> bool:
        """ "Help me write ...", "a story explaining ...": a verb right after an NP."""
        if word.endswith(("ing", "ed")) and self.lex.verb_capable(word):
            return True
        return self.lex.prefers_verb(word) and _CLOSED_CLASS.get(self.peek(1)) in {
            "DT",
            "PRP$",
            "PRP",
        }

    def sbar(self) -> Tree:
        word = self.peek()
        tag = _CLOSED_CLASS.get(word, "IN")
        if word == "that":
            tag = "IN"
        comp = self.take(tag)
        if tag in {"WP", "WDT", "WRB", "WP$"}:
            comp = Tree("WHNP" if tag != "WRB" else "WHADVP", [comp])
        if self.peek() == "to":
            return Tree("SBAR", [comp, Tree("S", [self.vp(after=None)])])
        if not self.at_stop() and self.lex.prefers_verb(self.peek()):
            return Tree("SBAR", [comp, Tree("S", [self.vp(after=None)])])
        return Tree("SBAR", [comp, self.declarative()])

    def pp(self) -> Tree:
        prep = self.take("TO" if self.peek() == "to" else "IN")
        word = self.peek()
        if word.endswith("ing") and self.lex.verb_capable(word):
            return Tree("PP", [prep, Tree("S", [self.vp(after=None)])])
        if _CLOSED_CLASS.get(word) in {"WP", "WDT", "WRB"}:
            return Tree("PP", [prep, self.sbar()])
        if word in _QUOTES:
            return Tree("PP", [prep, self.quoted()])
        if not self.at_stop() and self.starts_np(word):
            return Tree("PP", [prep, self.np(expect_verb=False)])
        return Tree("PP", [prep])

    def quoted(self) -> Tree:
        """A quoted span as one NP; its last word is the head, as a parser would guess."""
        children = [self.take("``")]
        while not self.at_stop() and self.peek() not in _QUOTES:
            children.append(self.take(self.guess_tag(self.tokens[self.i])))
        if self.peek() in _QUOTES:
            children.append(self.take("''"))
        return Tree("NP", children)

    def np(self, expect_verb: bool) -> Tree:
        word = self.peek()
        if _CLOSED_CLASS.get(word) == "PRP":
            return Tree("NP", [self.take("PRP")])
        if word == "there":
            return Tree("NP", [self.take("EX")])
        if word in _QUOTES:
            return self.quoted()
        children: list[Tree] = []
        while _CLOSED_CLASS.get(self.peek()) in {"DT", "PRP$"} or self.is_number(self.peek()):
            if _CLOSED_CLASS.get(self.peek()) == "DT" and not self.np_continues(1):
                children.append(self.take("DT"))  # demonstrative used as a pronoun
                return Tree("NP", children)
            tag = "CD" if self.is_number(self.peek()) else _CLOSED_CLASS[self.peek()]
            children.append(self.take(tag))
        children.extend(self.np_words(expect_verb))
        if not children:
            children.append(self.take(self.guess_tag(self.tokens[self.i])))
        return Tree("NP", children)

    def np_continues(self, ahead: int) -> bool:
        word = self.peek(ahead)
        if not word or word in _CLOSED_CLASS or word in _PUNCT_TAGS:
            return self.is_number(word)
        return self.lex.noun_capable(word) or self.lex.adj_capable(word) or word.endswith("ing")

    @staticmethod
    def is_number(word: str) -> bool:
        numbers = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
        return bool(re.fullmatch(r"[0-9][0-9.,]*", word)) or word in numbers

    def np_ends_before(self, word: str, words: list[str], expect_verb: bool) -> bool:
        """Does the NP being read end before ``word``? ``words`` holds what it has so far."""
        if word in _CLOSED_CLASS or word in _PUNCT_TAGS or word in _QUOTES:
            return word != "'s" or not words
        if self.lex.adverb_only(word):
            return True
        has_noun = any(self.lex.noun_capable(w) for w in words)
        object_follows = _CLOSED_CLASS.get(self.peek(1)) in {"DT", "PRP$", "PRP", "IN", "TO"}
        if has_noun and self.inflected(word) and (word.endswith("ed") or object_follows):
            return True  # participle after its noun: "a story explaining the ...", "data used"
        lex = self.lex
        if lex.verb_capable(word) and not (lex.noun_capable(word) or lex.adj_capable(word)):
            return bool(words) or not word.endswith(("ing", "ed"))
        if has_noun and lex.verb_capable(word):
            # A subject before its verb: "Does this text make sense", "People love dogs".
            object_next = _CLOSED_CLASS.get(self.peek(1)) in {"DT", "PRP$", "PRP"}
            return (expect_verb and lex.prefers_verb(word)) or object_next
        return has_noun and lex.adj_capable(word) and not lex.noun_capable(word)

    def inflected(self, word: str) -> bool:
        """An -ing/-ed verb form (not "speed", "thing"): its verb lemma differs from it."""
        return (
            word.endswith(("ing", "ed"))
            and self.lex.verb_capable(word)
            and self.lem.verb(word) != word
        )

    def np_words(self, expect_verb: bool = False) -> list[Tree]:
        """Modifiers and head of an NP; the last noun-capable word becomes the head."""
        words: list[str] = []
        start = self.i
        while not self.at_stop() and not self.np_ends_before(self.peek(), words, expect_verb):
            words.append(self.peek())
            self.i += 1
        self.i = start
        head = max(
            (j for j, w in enumerate(words) if self.lex.noun_capable(w) and w != "'s"),
            default=None,
        )
        nodes = []
        for j, word in enumerate(words):
            token = self.tokens[self.i]
            if word == "'s":
                nodes.append(self.take("POS"))
            elif self.is_number(word) and (j != head or word[0].isdigit()):
                nodes.append(self.take("CD"))
            elif j == head:
                nodes.append(self.take(self.noun_tag(token)))
            elif word.endswith("ing") and self.lex.verb_capable(word):
                nodes.append(self.take("VBG"))
            elif word.endswith("ed") and self.lex.verb_capable(word):
                nodes.append(self.take("VBN"))
            elif self.lex.adj_capable(word) or head is None or j > head:
                nodes.append(self.take("JJ"))
            else:
                nodes.append(self.take(self.noun_tag(token)))
        return nodes


class HeuristicParser:
    """Offline Penn-style parser for instruction-like sentences (no model download needed).

    It covers imperatives, wh- and yes/no questions, "Please ...", "Given X, do Y" and simple
    declaratives well enough for verb/direct-object extraction; it is not a general parser.
    """

    def __init__(self, nltk_data: str | Path | None = None, use_wordnet: bool = True) -> None:
        self.lemmatizer = Lemmatizer(nltk_data, use_wordnet=use_wordnet)
        wordnet = wordnet_or_none(nltk_data) if use_wordnet else None
        self._lexicon = _Lexicon(wordnet, self.lemmatizer)
        lexicon = "WordNet" if wordnet is not None else "suffix rules"
        self.description = (
            f"heuristic lexicon parser with {lexicon} ({BENEPAR_MODEL} unavailable offline)"
        )

    def parse(self, sentence: str) -> Tree:
        return _TreeBuilder(tokenize(sentence), self._lexicon, self.lemmatizer).parse()

    def parse_sents(self, sentences: Iterable[str]) -> Iterator[Tree]:
        for sentence in sentences:
            yield self.parse(sentence)
