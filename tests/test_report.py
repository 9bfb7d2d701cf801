"""The Snakemake report: every report() entry has a caption that exists and renders, and every
figure of the default configuration is registered in it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from docutils.core import publish_parts

from instructgen import plan
from instructgen.figures import catalog

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def workflow():
    """The parsed workflow of this checkout with its default config.yaml (nothing is run)."""
    from snakemake.api import SnakemakeApi
    from snakemake.settings.types import (
        ConfigSettings,
        OutputSettings,
        ResourceSettings,
        StorageSettings,
    )

    with SnakemakeApi(OutputSettings()) as api:
        workflow_api = api.workflow(
            resource_settings=ResourceSettings(cores=1),
            config_settings=ConfigSettings(),
            storage_settings=StorageSettings(),
            snakefile=REPO / "Snakefile",
            workdir=REPO,
        )
        yield workflow_api._workflow


def reported_outputs(workflow):
    """(rule, output file, report object) of every output flagged with report()."""
    return [
        (rule, output, output.flags["report"])
        for rule in workflow.rules
        for output in rule.output
        if output.flags.get("report")
    ]


def render(caption: Path, config: dict, wildcards: dict) -> str:
    """A caption as Snakemake renders it (Jinja, then reStructuredText), failing on any name the
    template uses that does not exist."""
    template = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(caption.read_text())
    snakemake = SimpleNamespace(config=config, wildcards=SimpleNamespace(**wildcards))
    text = template.render(snakemake=snakemake, categories={}, files={})
    return publish_parts(
        text, writer="html", settings_overrides={"halt_level": 2, "report_level": 2}
    )["body"]


def test_every_report_entry_has_an_existing_caption(workflow) -> None:
    entries = reported_outputs(workflow)
    assert entries
    for rule, output, flag in entries:
        assert flag.caption, f"rule {rule.name}: {output} has no caption"
        assert Path(flag.caption).is_file(), f"rule {rule.name}: caption {flag.caption} missing"
        assert flag.category, f"rule {rule.name}: {output} has no category"


def test_every_figure_and_the_tables_page_are_in_the_report(workflow) -> None:
    entries = reported_outputs(workflow)
    targets = [t for t in plan.Study(workflow.config).targets([]) if t.endswith((".png", ".html"))]
    assert any(t.endswith("index.html") for t in targets)
    for target in targets:
        producers = [(r, o) for r, o, _ in entries if o.match(target)]
        assert producers, f"{target} is not registered with report()"


def test_captions_render_with_the_config_and_their_wildcards(workflow) -> None:
    config = workflow.config
    entries = reported_outputs(workflow)
    for target in catalog.figures(plan.Study(config)):
        for _rule, output, flag in entries:
            match = output.match(target)
            if match:
                html = render(Path(flag.caption), config, match.groupdict())
                assert len(html) > 200, f"{flag.caption} renders almost empty for {target}"
    diversity = render(REPO / "report" / "diversity.rst", config, {})
    assert f"<strong>{config['analysis']['parser']}</strong>" in diversity
    seeds = render(REPO / "report" / "rouge_l.rst", config, {"reference": "seeds", "model": "m"})
    superni = render(REPO / "report" / "rouge_l.rst", config, {"reference": "gpt3", "model": "m"})
    assert "Self-Instruct seed instruction" in seeds and "Self-Instruct's GPT-3 data" in superni


def test_workflow_description_is_set_and_renders(workflow) -> None:
    assert workflow.report_text is not None
    description = Path(str(workflow.report_text.get_path_or_uri(secret_free=True)))
    assert description == REPO / "report" / "workflow.rst"
    html = render(description, workflow.config, {})
    assert "David against Goliath" in html and "REFINE-AF" in html
    assert str(workflow.config["seed"]) in html
