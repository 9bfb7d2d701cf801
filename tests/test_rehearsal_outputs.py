"""Checks on what `make rehearse` left in rehearsal/ (tools/rehearse.sh runs them after the DAG).

They read the run's outputs and logs; without a rehearsal run they skip, saying so.
"""

from __future__ import annotations

import collections
import csv
import json
import math
import re
from urllib.parse import urlsplit

import pytest

from instructgen import plan
from instructgen.config import validate_config
from instructgen.figures import catalog
from instructgen.tables import specs as tables
from tests.conftest import REPO
from tests.test_rehearsal_config import merged

RUN = REPO / "rehearsal"
LOGS = RUN / "logs/rehearsal"
pytestmark = [
    pytest.mark.rehearsal,
    pytest.mark.skipif(
        not (LOGS / "run.json").exists(),
        reason="no finished rehearsal in rehearsal/: `make rehearse` runs the paper DAG first",
    ),
]


@pytest.fixture(scope="module")
def study():
    return plan.Study(validate_config(merged()))


def job_stats(text: str) -> collections.Counter:
    """Snakemake's "Job stats" table: rule -> planned jobs."""
    block = text.split("Job stats:", 1)[1]
    counts = collections.Counter()
    for line in block.splitlines()[3:]:
        fields = line.split()
        if len(fields) != 2 or fields[0] == "total":
            break
        counts[fields[0]] = int(fields[1])
    return counts


def test_every_rule_ran_as_often_as_planned():
    planned = job_stats((LOGS / "planned.txt").read_text())
    finished = collections.Counter(
        re.findall(r"Finished jobid: \d+ \(Rule: (\w+)\)", (LOGS / "snakemake.log").read_text())
    )
    assert planned, "the dry run planned nothing"
    assert finished == planned


def test_ppo_ran_with_three_tokenizers_and_finite_rewards(study):
    classes = {}
    for name in ("llama2_7b", "reward", "unieval"):
        config = json.loads((RUN / study.model_folder(name) / "tokenizer_config.json").read_text())
        classes[name] = config["tokenizer_class"]
    assert len(set(classes.values())) == 3, classes
    steps = study.config["track_b"]["rl"]["steps"]
    for model in study.track_b_models():
        with open(RUN / plan.RL_REWARDS.format(model=model), newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == steps, model
        assert all(math.isfinite(float(row["mean_reward"])) for row in rows), model


def test_every_table_and_figure_exists_with_its_published_column(study):
    for table in tables.configured_tables(study):
        with open(RUN / plan.TABLE.format(table=table, ext="csv"), newline="") as handle:
            header = next(csv.reader(handle))
        # The verb-noun counts have no published numbers, and the papers print none for the
        # judged figures (paper 1 Fig. 4, REFINE-AF Fig. 6).
        if table not in ("verb_noun_pairs", "judged_evaluations"):
            assert any(column.endswith("(published)") for column in header), (table, header)
    missing = [f for f in catalog.figures(study) if not (RUN / f).is_file()]
    assert not missing


def test_no_job_reached_beyond_loopback():
    interfaces = [
        line.split(":")[1].strip() for line in (LOGS / "network.txt").read_text().splitlines()
    ]
    assert interfaces == ["lo"], "the DAG ran in a namespace with only a loopback interface"
    urls = re.findall(
        r"https?://[^\s'\"]+", "".join(p.read_text() for p in (RUN / "logs").rglob("fetch_*.log"))
    )
    assert urls, "the fetch logs name no URL"
    assert {urlsplit(u).hostname for u in urls} <= {"127.0.0.1", "localhost"}
    assert "GET /api/models/" in (LOGS / "hub.log").read_text()


def test_the_access_check_ran_first_and_the_gated_repositories_took_the_token(study):
    """Before the first job the workflow asked the fixture hub about every hub repository it
    fetched, gated ones included (tools/rehearse.sh gates what the real hub gates), and every
    answer was 200: the run's HF_TOKEN reached the check and the downloads."""
    from instructgen.hub import repos_to_fetch
    from instructgen.standins import repos as standins

    log = (LOGS / "hub.log").read_text()
    asked = repos_to_fetch(study.config, models=study.config["models"], corpora=[])
    assert {r.repo_id for r in asked} >= set(standins.gated())
    for repo in asked:
        assert f'"GET /api/models/{repo.repo_id}/auth-check HTTP/1.1" 200' in log, repo.repo_id
    assert re.search(r'"(GET|HEAD) [^"]*" 40[13] ', log) is None, "a request was refused"
