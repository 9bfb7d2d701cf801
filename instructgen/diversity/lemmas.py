"""Verb and noun lemmas for the diversity analysis: WordNet's (the shortest of its
morphological candidates, as NLTK's WordNetLemmatizer picks), read from the project's WordNet
through instructgen.wordnet, the one loader METEOR uses too. A missing WordNet is an error
naming the install command, never a silent switch to another lemmatiser; the rule-based
lemmatiser below runs only when asked for by name (``Lemmatizer(backend="rules")``), and its
results then say so.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from instructgen.wordnet import load_wordnet

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
    """Verb and noun lemmas: WordNet's (an error naming the install command when WordNet is
    missing), or the rule-based lemmatiser with ``use_wordnet=False``; `backend` says which."""

    def __init__(self, nltk_data: str | Path | None = None, use_wordnet: bool = True) -> None:
        self._wordnet = (
            load_wordnet(None if nltk_data is None else str(nltk_data)) if use_wordnet else None
        )
        self.backend = "wordnet" if self._wordnet is not None else "rules"

    def _wordnet_lemma(self, word: str, pos: str) -> str:
        # NLTK's WordNetLemmatizer.lemmatize: the shortest of WordNet's candidates, else the word.
        lemmas = self._wordnet._morphy(word, pos)
        return min(lemmas, key=len) if lemmas else word

    def verb(self, word: str) -> str:
        word = word.lower()
        if word in _IRREGULAR_VERBS:  # also covers clitics WordNet does not know ("'re")
            return _IRREGULAR_VERBS[word]
        if self._wordnet is not None:
            return self._wordnet_lemma(word, "v")
        return _rule_verb_lemma(word)

    def noun(self, word: str) -> str:
        word = word.lower()
        if word in _INVARIANT_NOUNS:
            return word
        if self._wordnet is not None:
            return self._wordnet_lemma(word, "n")
        return _rule_noun_lemma(word)


@lru_cache(maxsize=4)
def default_lemmatizer(nltk_data: str | None = None) -> Lemmatizer:
    return Lemmatizer(nltk_data)
