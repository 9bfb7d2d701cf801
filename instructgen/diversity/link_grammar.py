"""CMU Link Grammar as the diversity analysis's offline parser: each sentence's lowest-cost
linkage read into a shallow Penn-style tree (verb chain and direct objects) that
instructgen.diversity.trees walks like benepar's trees. Where the library comes from is
instructgen.link_grammar's business (Debian's packages).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from nltk import Tree

from instructgen import link_grammar
from instructgen.diversity.trees import BENEPAR_MODEL, LOG, ParserUnavailableError

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


def _log_link_grammar_message(error, data) -> None:
    """Link Grammar's messages: information (dictionary found, locale) at debug level."""
    text = str(getattr(error, "text", error)).strip()
    info = getattr(error, "severity", 0) >= 4  # lg_Info, lg_Debug, lg_Trace
    LOG.log(logging.DEBUG if info else logging.WARNING, "link-grammar: %s", text)


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
