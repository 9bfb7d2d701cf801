"""Self-Instruct's instance-stage prompts as the paper configuration gets them: its template
files, downloaded at a pinned commit and read with `ast`, give prompts byte-equal to the
files' string literals, filled as Self-Instruct's scripts fill them. The rehearsal's fixture of
those files (the project's own text in the same layout) is checked the same way, and the real
files too where a copy is present. Also: which instance steps each mode plans."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

from instructgen import plan
from instructgen.config import validate_config
from instructgen.corpora.fetch import git_blob_sha1_of
from instructgen.errors import ConfigError, InputError
from instructgen.templates import PROJECT_PROMPTS, InstancePrompts
from instructgen.track_b import prompts
from tests.conftest import REPO, SHARED_DATA
from tools import fixture_corpora

FILES = {"instance": "instance_gen_template.py", "classification": "clf_task_template.py"}
PAPER = yaml.safe_load((REPO / "configs/paper.yaml").read_text())
# SHA-256 of the UTF-8 bytes of each string Self-Instruct's files define at commit 0b26cca,
# computed by executing the files in a sandbox (/work/notes/fidelity.md, section 1a): a check
# of the ast reading that does not share its code.
REAL_PROMPT_SHA256 = {
    "input_first": "f16bd050e44163a3030f65a6a4fff184e3e64a06ebe8c8c3a3ee426e0aad3fd8",
    "output_first": "09f049afa99e87079878a67c909b83147696ad044cf4cda0bfb74a1201a82f5a",
    "is_classification": "a216fc1add00d4de762934b4c5d15b370bc2099e73ab16b2e64533e8413c4463",
}
# Stripped as Self-Instruct strips it: its inner spacing is kept.
INSTRUCTION = "  Rewrite the  sentence\tin the passive voice.\n "


def literal_bytes(data: bytes, name: str) -> bytes:
    """The bytes between `name = '''` and the closing `'''` of a template file, cut out of the
    file as bytes (no parsing): what the prompt must equal."""
    opening = f"{name} = '''".encode()
    start = data.index(opening) + len(opening)
    return data[start : data.index(b"'''", start)]


def check_byte_equal(folder: Path) -> InstancePrompts:
    """Each prompt parsed from the two files equals its literal's bytes, and the prompts the
    pipeline sends are Self-Instruct's: template, a space, the stripped instruction, a newline
    (and "Is it classification?" after the question's)."""
    paths = {kind: folder / name for kind, name in FILES.items()}
    parsed = prompts.self_instruct_prompts(paths["instance"], paths["classification"])
    for field, kind in prompts.FILES.items():
        literal = literal_bytes(
            paths[kind].read_bytes(), InstancePrompts.SELF_INSTRUCT_NAMES[field]
        )
        assert getattr(parsed, field).encode("utf-8") == literal, field
    stripped = INSTRUCTION.strip().encode()
    data = paths["instance"].read_bytes()
    gen = literal_bytes(data, "input_first_template_for_gen")
    clf = literal_bytes(data, "output_first_template_for_clf")
    question = literal_bytes(paths["classification"].read_bytes(), "template_1")
    assert parsed.instance(INSTRUCTION).encode() == gen + b" " + stripped + b"\n"
    assert parsed.instance(INSTRUCTION, classification=True).encode() == (
        clf + b" " + stripped + b"\n"
    )
    assert parsed.classification_question(INSTRUCTION).encode() == (
        question + b" " + stripped + b"\nIs it classification?"
    )
    return parsed


@pytest.fixture()
def fixture_files(tmp_path) -> Path:
    """The rehearsal's fixture of Self-Instruct's two template files."""
    for kind, name in FILES.items():
        (tmp_path / name).write_bytes(fixture_corpora.template_module(kind)[0])
    return tmp_path


def test_fixture_templates_parse_byte_equal_to_their_literals(fixture_files) -> None:
    parsed = check_byte_equal(fixture_files)
    # The fixture holds this project's own prompts, in Self-Instruct's layout and names.
    assert parsed == PROJECT_PROMPTS
    text = (fixture_files / FILES["instance"]).read_text()
    assert text.startswith("output_first_template_for_clf = '''")
    assert "\n\ninput_first_template_for_gen = '''" in text and text.endswith("Task:'''")


def test_the_rehearsal_pins_the_fixture_templates() -> None:
    rehearsal = yaml.safe_load((REPO / "configs/rehearsal.yaml").read_text())["corpora"]
    for kind, corpus in plan.SELF_INSTRUCT_TEMPLATES.items():
        data = fixture_corpora.template_module(kind)[0]
        assert rehearsal[corpus]["sha256"] == hashlib.sha256(data).hexdigest(), corpus
        real, served = PAPER["corpora"][corpus]["source"], rehearsal[corpus]["source"]
        assert served.endswith(real.removeprefix("https://")), corpus
        assert real.endswith(FILES[kind])


def test_real_self_instruct_templates_when_present() -> None:
    folder = SHARED_DATA / "self-instruct"
    missing = [name for name in FILES.values() if not (folder / name).exists()]
    if missing:
        pytest.skip(f"Self-Instruct's template files are not at {folder} ({', '.join(missing)})")
    for kind, name in FILES.items():
        pins = PAPER["corpora"][plan.SELF_INSTRUCT_TEMPLATES[kind]]
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == pins["sha256"]
        assert git_blob_sha1_of(folder / name) == pins["git_blob_sha1"]
    parsed = check_byte_equal(folder)
    for field, digest in REAL_PROMPT_SHA256.items():
        assert prompts.sha256_text(getattr(parsed, field)) == digest, field
    # IX-D's printed header and its first demonstration, and 11 demonstrations in all.
    assert parsed.input_first.startswith("Come up with examples for the following tasks.")
    assert parsed.input_first.count("\n\nTask:") == 12


def test_templates_are_read_never_run(tmp_path) -> None:
    """A template file is parsed: code in it does not run, and only plain string literals
    assigned to a name count."""
    marker = tmp_path / "ran"
    (tmp_path / "instance.py").write_text(
        "import pathlib\n"
        f"pathlib.Path({str(marker)!r}).write_text('x')\n"
        "output_first_template_for_clf = '''Labels first.\n\nTask:'''\n"
        "input_first_template_for_gen = '''Inputs first.\n\nTask:'''\n"
        "ignored = 'a' + 'b'\n"
    )
    (tmp_path / "clf.py").write_text("template_1 = '''Is it?\n\nTask:'''")
    parsed = prompts.self_instruct_prompts(tmp_path / "instance.py", tmp_path / "clf.py")
    assert parsed == InstancePrompts(
        "Inputs first.\n\nTask:", "Labels first.\n\nTask:", "Is it?\n\nTask:"
    )
    assert not marker.exists()
    assert "ignored" not in prompts.string_assignments(tmp_path / "instance.py")


@pytest.mark.parametrize(
    ("instance", "message"),
    [
        (
            "output_first_template_for_clf = '''A\n\nTask:'''\n"
            "input_first_template_for_gen = 'In' + '''puts\n\nTask:'''\n",
            "no string literal assigned to input_first_template_for_gen",
        ),
        (
            "output_first_template_for_clf = '''A\n\nTask:'''\n"
            "input_first_template_for_gen = '''No task line at the end.'''\n",
            "the input_first prompt does not end with 'Task:'",
        ),
        ("input_first_template_for_gen = '''unclosed\n", "instance.py:1: not a Python module"),
    ],
)
def test_a_template_file_of_another_shape_is_refused(tmp_path, instance, message) -> None:
    (tmp_path / "instance.py").write_text(instance)
    (tmp_path / "clf.py").write_text("template_1 = '''Is it?\n\nTask:'''")
    with pytest.raises(InputError, match=re.escape(message)) as error:
        prompts.self_instruct_prompts(tmp_path / "instance.py", tmp_path / "clf.py")
    assert "instance.py" in str(error.value)


def test_the_prompts_file_records_sources_and_checksums(fixture_files, tmp_path) -> None:
    folders = {}
    for kind, name in FILES.items():
        folders[kind] = tmp_path / kind
        folders[kind].mkdir()
        (folders[kind] / name).write_bytes((fixture_files / name).read_bytes())
    out = tmp_path / "prompts.json"
    prompts.main(
        source="self_instruct",
        instance_dir=str(folders["instance"]),
        classification_dir=str(folders["classification"]),
        out_path=str(out),
    )
    written = json.loads(out.read_text())
    assert prompts.read_prompts(out) == PROJECT_PROMPTS
    assert written["source"] == "self_instruct"
    assert (
        written["files"]["instance"]["sha256"]
        == hashlib.sha256((fixture_files / FILES["instance"]).read_bytes()).hexdigest()
    )
    assert written["sha256"]["input_first"] == prompts.sha256_text(PROJECT_PROMPTS.input_first)
    prompts.main(source="project", out_path=str(out))
    assert prompts.read_prompts(out) == PROJECT_PROMPTS
    assert json.loads(out.read_text())["files"] == {}


def test_self_instruct_prompts_need_their_template_sources() -> None:
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config["track_b"]["instances"]["prompts"] = "self_instruct"
    with pytest.raises(ConfigError, match="corpora.self_instruct_instance_template"):
        validate_config(config, REPO)


# -- which steps each mode plans --------------------------------------------------------------


def test_classification_and_post_processing_are_planned_only_in_the_self_instruct_mode(
    tmp_path,
) -> None:
    from tests.helpers import copy_tracked
    from tests.replan import plan as plan_jobs

    workdir = copy_tracked(tmp_path / "repo")
    layer = workdir / "one_pair.yaml"
    layer.write_text(yaml.safe_dump({"track_b": {"instances": {"mode": "one_pair"}}}))
    planned = {
        mode: plan_jobs(workdir, [workdir / "config.yaml", *extra])
        for mode, extra in (("self_instruct", []), ("one_pair", [layer]))
    }
    rules = {mode: {job.rule for job in jobs.values()} for mode, jobs in planned.items()}
    assert {"classify_instructions", "postprocess_instances"} <= rules["self_instruct"]
    assert not {"classify_instructions", "postprocess_instances"} & rules["one_pair"]
    for mode, jobs in planned.items():
        generate = [job for job in jobs.values() if job.rule == "generate_instances"]
        assert generate, mode
        asked = any("classification" in path for job in generate for path in job.inputs)
        assert asked is (mode == "self_instruct"), mode
        assert all(plan.INSTANCE_PROMPTS in job.inputs for job in generate)
