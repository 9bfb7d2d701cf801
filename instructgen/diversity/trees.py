"""Verb-noun pairs from Penn-style constituency trees, their counts, and the parsers that
give the trees: the Berkeley Neural Parser (``benepar``, as in both papers) and CMU Link Grammar
(``link_grammar``, offline; instructgen.diversity.link_grammar).
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import nltk
from nltk import Tree

from instructgen import link_grammar
from instructgen.diversity.lemmas import Lemmatizer, default_lemmatizer
from instructgen.wordnet import authorise_data_root

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


def add_nltk_data(nltk_data: str | Path | None) -> None:
    """Put ``nltk_data`` on NLTK's search path, where benepar looks for its model."""
    if nltk_data is not None:
        authorise_data_root(Path(nltk_data))


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
        from instructgen.diversity.link_grammar import LinkGrammarParser

        return LinkGrammarParser()
    raise ValueError(f"unknown parser {name!r}; expected one of {', '.join(PARSERS)}")


def extract_verb_noun_pairs(
    instructions: Iterable[str], parser: ConstituencyParser, lemmatizer: Lemmatizer | None = None
) -> list[Pair]:
    """(verb, noun) of each instruction's first sentence, in input order."""
    sentences = [first_sentence(text) for text in instructions]
    return [verb_noun_from_tree(t, lemmatizer) for t in parser.parse_sents(sentences)]
