"""WordNet installation from Debian packages and LongForm-style METEOR on top of it."""

from __future__ import annotations

import gzip
import re
import shutil
import zipfile
from pathlib import Path

import nltk
import pytest

from instructgen.meteor import longform_meteor, tokenize
from instructgen.wordnet import load_wordnet, wordnet_dir
from tools.install_wordnet import (
    DEBIAN_WORDNET_DIR,
    LEXICOGRAPHER_FILES,
    WORDNET_DATA_FILES,
    WordNetSetupError,
    can_install_debian_packages,
    install_debian_packages,
    install_from_directory,
    is_installed,
    lexnames_text,
    main,
    missing_debian_files,
)

REPO_NLTK_DATA = Path(__file__).resolve().parents[1] / "resources" / "nltk_data"
LEXNAMES_MAN_PAGE = Path("/usr/share/man/man5/lexnames.5WN.gz")


@pytest.fixture(scope="session")
def debian_source() -> Path:
    """The Debian WordNet files, installing the packages first when we are root."""
    if missing_debian_files():
        if not can_install_debian_packages():
            pytest.skip(
                "Debian packages wordnet-base and wordnet-sense-index are not installed "
                "and cannot be (needs root and apt-get)"
            )
        install_debian_packages()
    return DEBIAN_WORDNET_DIR


@pytest.fixture(scope="session")
def nltk_data(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An NLTK data folder with WordNet: the repository's, or a fresh install from Debian."""
    if is_installed(REPO_NLTK_DATA):
        return REPO_NLTK_DATA
    request.getfixturevalue("debian_source")
    dest = tmp_path_factory.mktemp("nltk_data")
    install_from_directory(dest)
    return dest


def test_lexnames_lists_the_45_lexicographer_files() -> None:
    lines = lexnames_text().splitlines()
    assert len(lines) == 45
    assert lines[0] == "00\tadj.all\t3"
    assert lines[3] == "03\tnoun.Tops\t1"
    assert lines[29] == "29\tverb.body\t2"
    assert lines[2] == "02\tadv.all\t4"
    assert lines[44] == "44\tadj.ppl\t3"


@pytest.mark.skipif(not LEXNAMES_MAN_PAGE.is_file(), reason="lexnames(5WN) man page absent")
def test_lexnames_agree_with_the_man_page() -> None:
    page = gzip.decompress(LEXNAMES_MAN_PAGE.read_bytes()).decode("utf-8")
    rows = re.findall(r"^(\d\d)\t(\S+)\s", page, flags=re.MULTILINE)
    assert [int(number) for number, _ in rows] == list(range(45))
    assert tuple(name for _, name in rows) == LEXICOGRAPHER_FILES


def test_wordnet_synsets_work(nltk_data: Path) -> None:
    wordnet = load_wordnet(str(nltk_data))
    assert wordnet.get_version() == "3.0"
    assert "dog.n.01" in [synset.name() for synset in wordnet.synsets("dog")]
    car = wordnet.synset("car.n.01")
    assert "automobile" in car.lemma_names()
    assert car.lexname() == "noun.artifact"  # lexnames entry 06
    # Morphology comes from the exception files (verb.exc): "ran" -> "run".
    assert wordnet.morphy("ran", "v") == "run"


def test_second_run_is_a_no_op(nltk_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = wordnet_dir(nltk_data)
    before = {path.name: path.stat().st_mtime_ns for path in target.iterdir()}
    assert main(["--dest", str(nltk_data), "--no-download"]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert {path.name: path.stat().st_mtime_ns for path in target.iterdir()} == before


# The truncated copy below makes NLTK warn about the unreadable synset before our check fails.
@pytest.mark.filterwarnings("ignore:No WordNet synset found")
def test_install_layout_and_atomic_failure(debian_source: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken-source"
    broken.mkdir()
    for name in WORDNET_DATA_FILES:
        shutil.copyfile(debian_source / name, broken / name)
    # Keep only the licence header of data.noun: index offsets then point past its end.
    (broken / "data.noun").write_bytes((debian_source / "data.noun").read_bytes()[:2000])

    dest = tmp_path / "nltk_data"
    with pytest.raises(WordNetSetupError, match="unreadable|check failed"):
        install_from_directory(dest, broken, license_file=None)
    # Neither a half-built wordnet folder nor the staging folder may be left behind.
    assert list((dest / "corpora").iterdir()) == []
    assert not is_installed(dest)

    (broken / "verb.exc").unlink()
    with pytest.raises(WordNetSetupError, match="verb.exc"):
        install_from_directory(dest, broken, license_file=None)

    target = install_from_directory(dest, debian_source)
    assert target == wordnet_dir(dest)
    assert [path.name for path in (dest / "corpora").iterdir()] == ["wordnet"]
    names = {path.name for path in target.iterdir()}
    assert names == {*WORDNET_DATA_FILES, "lexnames", "LICENSE"}
    assert "Princeton" in (target / "LICENSE").read_text(encoding="utf-8")


def test_tokenize_splits_sentences_without_punkt() -> None:
    assert tokenize("The cat sat. It didn't move!") == [
        "The",
        "cat",
        "sat",
        ".",
        "It",
        "did",
        "n't",
        "move",
        "!",
    ]


def test_identical_strings_score_near_100(nltk_data: Path) -> None:
    text = "The quick brown fox jumps over the lazy dog near the river bank."
    result = longform_meteor([text], [text], nltk_data)
    assert 99.0 < result["meteor"] <= 100.0


def test_synonyms_and_stems_raise_the_score(nltk_data: Path) -> None:
    def meteor(prediction: str, reference: str) -> float:
        return meteor_of(prediction, reference, nltk_data)

    unrelated = meteor("the banana stopped", "the car stopped")
    exact = meteor("the car stopped", "the car stopped")
    # "auto" has car.n.01 among its synsets, whose lemmas include "car". NLTK's METEOR weighs
    # exact, stem and synonym matches alike, so the synonym scores as high as the exact word.
    assert meteor("the auto stopped", "the car stopped") == pytest.approx(exact)
    assert meteor("a comfortable couch", "a comfortable sofa") > meteor(
        "a comfortable banana", "a comfortable sofa"
    )
    assert meteor("the cars stopped", "the car stopped") == pytest.approx(exact)
    assert exact > unrelated + 50


def test_synonyms_are_looked_up_on_porter_stems(nltk_data: Path) -> None:
    # NLTK's aligner hands the *stemmed* leftovers of its stem stage to the WordNet stage, so
    # words whose stem is not a lemma get no synonym match: "automobile" -> "automobil" and
    # "kitty" -> "kitti". Pinned here because it is how NLTK's METEOR (hence the paper's
    # numbers) behaves; a change in NLTK would show up as a failure.
    unrelated = meteor_of("the banana stopped", "the car stopped", nltk_data)
    assert meteor_of("the automobile stopped", "the car stopped", nltk_data) == pytest.approx(
        unrelated
    )


def meteor_of(prediction: str, reference: str, nltk_data: Path) -> float:
    return float(longform_meteor([prediction], [reference], nltk_data)["meteor"])


def test_longform_meteor_reports_versions_and_averages(nltk_data: Path) -> None:
    pairs = [("the car stopped", "the car stopped"), ("banana", "the car stopped")]
    single = [longform_meteor([p], [r], nltk_data)["meteor"] for p, r in pairs]
    result = longform_meteor([p for p, _ in pairs], [r for _, r in pairs], nltk_data)
    assert result["meteor"] == pytest.approx(sum(single) / 2)
    assert result["n"] == 2
    assert result["nltk_version"] == nltk.__version__
    assert result["wordnet_version"] == "3.0"
    assert result["tokenizer"]


def test_longform_meteor_validates_inputs(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2 predictions but 1 references"):
        longform_meteor(["a", "b"], ["a"])
    with pytest.raises(ValueError, match="no predictions"):
        longform_meteor([], [])
    with pytest.raises(FileNotFoundError, match="tools/install_wordnet.py"):
        load_wordnet(str(tmp_path))


def test_reads_the_zip_that_nltk_download_leaves(nltk_data: Path, tmp_path: Path) -> None:
    source = wordnet_dir(nltk_data)
    dest = tmp_path / "downloaded"
    (dest / "corpora").mkdir(parents=True)
    # nltk.download("wordnet") leaves corpora/wordnet.zip with a top-level "wordnet/" folder.
    with zipfile.ZipFile(dest / "corpora" / "wordnet.zip", "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(source.iterdir()):
            archive.write(path, f"wordnet/{path.name}")
    assert is_installed(dest)
    assert load_wordnet(str(dest)).synset("dog.n.01").lexname() == "noun.animal"


def test_default_search_path_is_used_without_a_folder(
    nltk_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nltk.data, "path", [str(nltk_data)])
    # Bypass the cache so this really looks WordNet up on the (patched) search path.
    wordnet = load_wordnet.__wrapped__(None)
    assert wordnet.synset("car.n.01").lexname() == "noun.artifact"
