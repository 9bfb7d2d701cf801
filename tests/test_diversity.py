"""Tests for verb-noun extraction, the offline heuristic parser and the sunburst figure."""

from __future__ import annotations

from pathlib import Path

import pytest
from nltk import Tree

from instructgen.diversity import (
    BENEPAR_INSTALL_HINT,
    HeuristicParser,
    Lemmatizer,
    ParserUnavailableError,
    _rule_noun_lemma,
    _rule_verb_lemma,
    count_verb_noun_pairs,
    extract_verb_noun_pairs,
    first_sentence,
    get_parser,
    tokenize,
    top_verbs_and_nouns,
    verb_noun_from_tree,
    wordnet_or_none,
)
from instructgen.plots import sunburst

REPO = Path(__file__).resolve().parents[1]
NLTK_DATA = REPO / "resources" / "nltk_data"

# The rule-based lemmatiser makes these tests independent of whether WordNet is installed.
RULES = Lemmatizer(use_wordnet=False)

GIVEN_TREES = [
    pytest.param(
        "(ROOT (S (VP (VB Write) (NP (DT a) (JJ short) (NN story)) "
        "(PP (IN about) (NP (DT a) (NN dragon)))) (. .)))",
        ("write", "story"),
        id="imperative",
    ),
    pytest.param(
        "(ROOT (SQ (MD Can) (NP (PRP you)) (VP (VB write) (NP (DT a) (NN poem))) (. ?)))",
        ("write", "poem"),
        id="yes-no-modal",
    ),
    pytest.param(
        "(ROOT (SBARQ (WHADVP (WRB How)) (SQ (VBP do) (NP (PRP I)) "
        "(VP (VB bake) (NP (DT a) (NN chocolate) (NNS cakes)))) (. ?)))",
        ("bake", "cake"),
        id="wh-do-support",
    ),
    pytest.param(
        "(ROOT (SBARQ (WHNP (WP Who)) (SQ (VP (VBD wrote) (NP (NNP Hamlet)))) (. ?)))",
        ("write", "hamlet"),
        id="wh-subject",
    ),
    pytest.param(
        "(ROOT (SQ (VBZ Is) (NP (EX there)) (NP (NP (DT a) (NN way)) "
        "(S (VP (TO to) (VP (VB speed) (PRT (RP up)) (NP (DT this) (NN code)))))) (. ?)))",
        ("be", None),
        id="is-there",
    ),
    pytest.param(
        "(ROOT (SBARQ (WHNP (WP What)) (SQ (VBZ is) (VP (VBG being) "
        "(VP (VBN described) (PP (IN in) (NP (DT this) (NN passage)))))) (. ?)))",
        ("describe", None),
        id="is-being-participle",
    ),
    pytest.param(
        "(ROOT (S (NP (DT The) (NN letter)) (VP (VBZ is) (VP (VBG being) "
        "(VP (VBN sent) (NP (DT a) (NN reply)))))))",
        ("send", "reply"),
        id="aux-chain-keeps-object",
    ),
    pytest.param(
        "(ROOT (S (NP (PRP You)) (VP (MD should) (VP (VB have) (VP (VBN written) "
        "(NP (NNS letters))))) (. .)))",
        ("write", "letter"),
        id="modal-have-participle",
    ),
    pytest.param(
        "(ROOT (S (VP (VB Come) (PRT (RP up)) (PP (IN with) (NP (DT a) (NN slogan)))) (. .)))",
        ("come", None),
        id="no-object-pp-only",
    ),
    pytest.param(
        "(ROOT (S (VP (VB Explain) (PP (IN in) (NP (JJ simple) (NNS terms)))) (. .)))",
        ("explain", None),
        id="noun-inside-pp-is-not-object",
    ),
    pytest.param(
        "(ROOT (S (VP (VB Give) (NP (PRP me)) (NP (NP (DT a) (NN list)) "
        "(PP (IN of) (NP (NNS tips))))) (. .)))",
        ("give", "list"),
        id="double-object-and-nested-np",
    ),
    pytest.param(
        "(ROOT (S (INTJ (UH Please)) (VP (VP (VB read) (NP (DT the) (NN text))) (CC and) "
        "(VP (VB answer) (NP (DT the) (NNS questions)))) (. .)))",
        ("read", "text"),
        id="coordinated-vps",
    ),
    pytest.param(
        "(ROOT (S (PP (VBN Given) (NP (DT a) (NN list))) (, ,) "
        "(VP (VB find) (NP (DT the) (JJS largest) (NN number))) (. .)))",
        ("find", "number"),
        id="given-intro",
    ),
    pytest.param(
        "(ROOT (NP (NP (DT A) (NN poem)) (PP (IN about) (NP (NN love))) (. .)))",
        (None, None),
        id="bare-np",
    ),
    pytest.param(
        "( (S (NP-SBJ (-NONE- *)) (VP (VB List) (NP (CD three) (NNS colors)))))",
        ("list", "color"),
        id="ptb-function-tags",
    ),
]


@pytest.mark.parametrize(("bracketed", "expected"), GIVEN_TREES)
def test_verb_noun_from_given_trees(bracketed: str, expected: tuple) -> None:
    assert verb_noun_from_tree(bracketed, RULES) == expected
    assert verb_noun_from_tree(Tree.fromstring(bracketed), RULES) == expected


def test_rule_lemmatiser_common_forms() -> None:
    verbs = {
        "writing": "write",
        "wrote": "write",
        "used": "use",
        "listed": "list",
        "stopped": "stop",
        "running": "run",
        "classifies": "classify",
        "fixes": "fix",
        "is": "be",
        "string": "string",
        "need": "need",
    }
    assert {w: _rule_verb_lemma(w) for w in verbs} == verbs
    nouns = {
        "stories": "story",
        "classes": "class",
        "boxes": "box",
        "analysis": "analysis",
        "children": "child",
        "data": "data",
    }
    assert {w: _rule_noun_lemma(w) for w in nouns} == nouns


def test_tokenize_and_first_sentence() -> None:
    assert tokenize("Don't write it's \"poem\".") == [
        "Do",
        "n't",
        "write",
        "it",
        "'s",
        '"',
        "poem",
        '"',
        ".",
    ]
    assert first_sentence("  Write a poem. Make it rhyme.\nInput: x") == "Write a poem."
    assert first_sentence("\n\nList three fruits\nOutput:") == "List three fruits"


# Instruction -> pair the offline parser must produce. Several need its special handling:
# questions, auxiliaries, "Please", "Given X," openers, double objects, pronoun subjects.
HEURISTIC_CASES = [
    ("Write a short story about a dragon.", ("write", "story")),
    ("Can you write a poem about cats?", ("write", "poem")),
    ("How do I make a chocolate cake?", ("make", "cake")),
    ("What is the capital of France?", ("be", None)),
    ("Is there a way to speed up this code?", ("be", None)),
    ("What is being described in this passage?", ("describe", None)),
    ("Give me a list of five healthy snacks.", ("give", "list")),
    ("Please summarize the following article in three sentences.", ("summarize", "article")),
    ("Given a list of numbers, find the largest one.", ("find", "one")),
    ("Based on the passage, answer the following question.", ("answer", "question")),
    ("Classify the following sentences as positive or negative.", ("classify", "sentence")),
    ("Who wrote Hamlet?", ("write", "hamlet")),
    ("Come up with a catchy slogan for a coffee shop.", ("come", None)),
    ("Does this sentence make sense?", ("make", "sense")),
    ("Select the correct answer.", ("select", "answer")),
    ("Read the text and answer the questions below.", ("read", "text")),
    ("You are given a sentence.", ("give", "sentence")),
    ("Construct a sentence using the word 'serendipity'.", ("construct", "sentence")),
    ("Determine whether the statement is true or false.", ("determine", None)),
    ("A poem about love.", (None, None)),
]


def _parsers() -> list:
    params = [pytest.param(HeuristicParser(use_wordnet=False), id="suffix-rules")]
    if wordnet_or_none(NLTK_DATA if NLTK_DATA.exists() else None) is not None:
        params.append(pytest.param(HeuristicParser(nltk_data=NLTK_DATA), id="wordnet"))
    return params


@pytest.mark.parametrize("parser", _parsers())
def test_heuristic_parser_end_to_end(parser: HeuristicParser) -> None:
    instructions = [text for text, _ in HEURISTIC_CASES]
    got = extract_verb_noun_pairs(instructions, parser, parser.lemmatizer)
    expected = [pair for _, pair in HEURISTIC_CASES]
    mismatches = [(t, g, e) for t, g, e in zip(instructions, got, expected, strict=True) if g != e]
    assert mismatches == []


def test_heuristic_parser_keeps_every_token_as_a_leaf() -> None:
    parser = HeuristicParser(use_wordnet=False)
    text = 'Translate "Hello, world" into French: then, (briefly) explain it; thanks!'
    tree = parser.parse(text)
    assert isinstance(tree, Tree)
    assert tree.leaves() == tokenize(text)
    assert parser.parse("").leaves() == []


def test_heuristic_parser_description_names_backend() -> None:
    description = HeuristicParser(use_wordnet=False).description
    assert "heuristic" in description and "benepar_en3" in description


def test_get_parser_names() -> None:
    assert isinstance(get_parser("heuristic"), HeuristicParser)
    with pytest.raises(ValueError, match="unknown parser"):
        get_parser("stanford")


def test_benepar_missing_model_gives_install_hint(tmp_path: Path) -> None:
    pytest.importorskip("benepar")
    import nltk

    try:
        nltk.data.find("models/benepar_en3")
        pytest.skip("benepar_en3 is installed here")
    except LookupError:
        pass
    with pytest.raises(ParserUnavailableError) as raised:
        get_parser("benepar", nltk_data=tmp_path)
    assert "benepar.download('benepar_en3')" in str(raised.value)
    assert str(raised.value) == BENEPAR_INSTALL_HINT


PAIRS = [
    ("write", "story"),
    ("write", "story"),
    ("write", "poem"),
    ("write", None),
    ("give", "list"),
    (None, None),
    ("explain", "concept"),
    ("explain", "concept"),
    ("explain", "idea"),
    ("be", None),
]


def test_count_verb_noun_pairs_counts_complete_unique_pairs() -> None:
    assert count_verb_noun_pairs(PAIRS) == 5
    assert count_verb_noun_pairs({("a", "b"): 3, ("a", "c"): 1}) == 2
    assert count_verb_noun_pairs([]) == 0


def test_top_verbs_and_nouns_ranks_and_truncates() -> None:
    entries = top_verbs_and_nouns(PAIRS, n_verbs=2, n_nouns=1)
    # write and explain both have 3 complete pairs; the tie breaks alphabetically.
    assert [e.verb for e in entries] == ["explain", "write"]
    assert entries[0].count == 3 and entries[0].nouns == (("concept", 2),)
    assert entries[1].nouns == (("story", 2),)
    full = top_verbs_and_nouns(PAIRS)
    assert [e.verb for e in full] == ["explain", "write", "give"]


def test_sunburst_writes_png_and_pdf(tmp_path: Path) -> None:
    counts = {
        (f"verb{v}", f"noun{n}"): (30 - v) * (5 - n % 5) + 1 for v in range(25) for n in range(6)
    }
    png, pdf = tmp_path / "sun.png", tmp_path / "sub" / "sun.pdf"
    entries = sunburst(counts, "Test sunburst", png, pdf, caption="heuristic parser")
    assert len(entries) == 20 and all(len(e.nouns) == 4 for e in entries)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    empty_png = tmp_path / "empty.png"
    assert sunburst({}, "Nothing", empty_png, tmp_path / "empty.pdf") == []
    assert empty_png.stat().st_size > 0
