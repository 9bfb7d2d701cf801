"""REFINE-AF's automated feedback (section II-C, Table I): one scalar per triplet.

reward = intercept + w_rew * Rew + w_und * Und + w_nat * Nat + w_coh * Coh, where
- Rew is the reward model's score of the triplet in the OpenAssistant prompter/assistant format
  (oasst-rm-pythia-1.4b at paper scale);
- Und, Nat and Coh are UniEval dialogue scores: the seq2seq evaluator answers a Boolean question
  and the score is P("Yes") / (P("Yes") + P("No")) for the first decoded token.
The weights come from config track_b.reward (see README "Reward provenance": Equation 1 was lost
from the paper's text, so the default is the negated Instruction Mining rule).

`CompositeScorer` scores triplets in length-sorted batches; `CompositeRewardModule` wraps it as
the `nn.Module` TRL's PPOTrainer calls through `trl.experimental.utils.get_reward`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import torch
from torch import nn

from instructgen.settings import ModelSpec, RewardWeights
from instructgen.templates import oasst_format, unieval_input

LOG = logging.getLogger(__name__)
COMPONENTS = RewardWeights.INDICATORS
UNIEVAL_DIMENSIONS = ("understandability", "naturalness", "coherence")


def _length_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    from instructgen.generation import plan_batches

    return plan_batches(lengths, batch_size)


def _device(model) -> torch.device:
    return next(model.parameters()).device


class CompositeScorer:
    """The reward model and the UniEval evaluator behind one batched call."""

    def __init__(
        self,
        reward_model,
        reward_tokenizer,
        unieval_model,
        unieval_tokenizer,
        weights: RewardWeights,
        batch_size: int = 8,
        max_length: int = 512,
    ) -> None:
        self.reward_model = reward_model.eval()
        self.reward_tokenizer = reward_tokenizer
        self.reward_tokenizer.padding_side = "right"
        self.unieval_model = unieval_model.eval()
        self.unieval_tokenizer = unieval_tokenizer
        self.unieval_tokenizer.padding_side = "right"
        self.weights = weights
        self.batch_size = batch_size
        self.max_length = max_length
        self.yes_id = self._first_token(unieval_tokenizer, "Yes")
        self.no_id = self._first_token(unieval_tokenizer, "No")
        if self.yes_id == self.no_id:
            raise ValueError("the UniEval tokenizer gives 'Yes' and 'No' the same first token")

    @staticmethod
    def _first_token(tokenizer, word: str) -> int:
        ids = tokenizer(word, add_special_tokens=False)["input_ids"]
        if not ids:
            raise ValueError(f"the UniEval tokenizer turns {word!r} into no tokens")
        return ids[0]

    @torch.inference_mode()
    def reward_model_scores(self, texts: Sequence[str]) -> list[float]:
        scores = [0.0] * len(texts)
        for batch in _length_batches([len(t) for t in texts], self.batch_size):
            enc = self.reward_tokenizer(
                [texts[i] for i in batch],
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=self.max_length,
            ).to(_device(self.reward_model))
            logits = self.reward_model(**enc).logits
            for i, value in zip(batch, logits[:, 0].float().tolist(), strict=True):
                scores[i] = value
        return scores

    @torch.inference_mode()
    def yes_probabilities(self, texts: Sequence[str]) -> list[float]:
        """UniEval: P(Yes) against P(No) for the first decoder token."""
        model = self.unieval_model
        start = model.config.decoder_start_token_id
        scores = [0.0] * len(texts)
        for batch in _length_batches([len(t) for t in texts], self.batch_size):
            enc = self.unieval_tokenizer(
                [texts[i] for i in batch],
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=self.max_length,
            ).to(_device(model))
            decoder = torch.full((len(batch), 1), start, dtype=torch.long, device=_device(model))
            logits = model(**enc, decoder_input_ids=decoder).logits[:, 0, :].float()
            pair = torch.softmax(logits[:, [self.yes_id, self.no_id]], dim=-1)[:, 0]
            for i, value in zip(batch, pair.tolist(), strict=True):
                scores[i] = value
        return scores

    def components(self, triplets: Sequence[dict[str, str]]) -> list[dict[str, float]]:
        """Rew, Und, Nat and Coh for every {instruction, input, output}."""
        rew = self.reward_model_scores(
            [oasst_format(t["instruction"], t.get("input", ""), t["output"]) for t in triplets]
        )
        unieval_texts = []
        for t in triplets:
            context = f"{t['instruction']}\n{t.get('input', '')}".strip()
            for dimension in UNIEVAL_DIMENSIONS:
                unieval_texts.append(unieval_input(dimension, t["output"], context))
        probs = self.yes_probabilities(unieval_texts)
        out = []
        for k, value in enumerate(rew):
            row = {"reward_model": value}
            for j, dimension in enumerate(UNIEVAL_DIMENSIONS):
                row[dimension] = probs[k * len(UNIEVAL_DIMENSIONS) + j]
            out.append(row)
        return out

    def score(self, triplets: Sequence[dict[str, str]]) -> list[dict[str, float]]:
        """Components plus the combined "reward" for every triplet."""
        rows = self.components(triplets)
        for row in rows:
            row["reward"] = self.weights.combine(row)
        return rows

    def __call__(self, triplets: Sequence[dict[str, str]]) -> list[float]:
        return [row["reward"] for row in self.score(triplets)]


def response_triplets(instruction: str, response: str) -> list[dict[str, str]]:
    """The triplets a policy response stands for: every instance parsed from it, else the raw
    text as one (empty input, the whole text as the output), so the feedback, not a hand-made
    penalty, tells the policy that an unparseable response is poor."""
    from instructgen.track_b.instances import parse_instances

    instances, _ = parse_instances(response)
    if instances:
        return [{"instruction": instruction, **instance} for instance in instances]
    return [{"instruction": instruction, "input": "", "output": " ".join(response.split())}]


def score_responses(
    scorer: CompositeScorer, responses: Sequence[tuple[str, str]]
) -> list[dict[str, float]]:
    """One row per (instruction, response): its reward and components are the means over the
    triplets it holds (REFINE-AF scores instruction-input-output triplets; a response with
    several instances is one action of the policy), with their count as "triplets"."""
    triplets, owners = [], []
    for index, (instruction, response) in enumerate(responses):
        for triplet in response_triplets(instruction, response):
            triplets.append(triplet)
            owners.append(index)
    scored = scorer.score(triplets)
    rows = []
    for index in range(len(responses)):
        mine = [row for row, owner in zip(scored, owners, strict=True) if owner == index]
        mean = {k: sum(r[k] for r in mine) / len(mine) for k in ("reward", *COMPONENTS)}
        rows.append(mean | {"triplets": len(mine)})
    return rows


class RewardHistory:
    """Every scored row since the last `drain()`, for the per-step rewards.csv."""

    def __init__(self) -> None:
        self.rows: list[dict[str, float]] = []

    def drain(self) -> dict[str, float] | None:
        if not self.rows:
            return None
        rows, self.rows = self.rows, []
        keys = ("reward", *COMPONENTS)
        means = {k: sum(r[k] for r in rows) / len(rows) for k in (*keys, "triplets")}
        return means | {"n": len(rows)}


class _ScoringBackbone(nn.Module):
    """Decodes prompt+response tokens, scores the text and returns the reward as a hidden state.

    TRL's get_reward passes (query+response) tokens with padding masked out and reads
    `score(hidden_states[-1])` at the last response token; the reward is broadcast over all
    positions so that read gives it. The prompt is recognised by its exact token prefix.
    """

    def __init__(self, scorer: CompositeScorer, tokenizer, prompts: dict[tuple[int, ...], str]):
        super().__init__()
        self.scorer = scorer
        self.tokenizer = tokenizer
        self.by_length: dict[int, dict[tuple[int, ...], str]] = {}
        for ids, instruction in prompts.items():
            self.by_length.setdefault(len(ids), {})[ids] = instruction
        self.history = RewardHistory()

    def split(self, ids: list[int]) -> tuple[str, list[int]]:
        for length in sorted(self.by_length, reverse=True):
            instruction = self.by_length[length].get(tuple(ids[:length]))
            if instruction is not None:
                return instruction, ids[length:]
        raise ValueError("a scored sequence does not start with any known RL prompt")

    def forward(self, input_ids=None, attention_mask=None, **kwargs):
        from transformers.modeling_outputs import BaseModelOutput

        responses = []
        for row in range(input_ids.shape[0]):
            ids = input_ids[row][attention_mask[row].bool()].tolist()
            instruction, response = self.split(ids)
            responses.append(
                (instruction, self.tokenizer.decode(response, skip_special_tokens=True))
            )
        rows = score_responses(self.scorer, responses)
        self.history.rows.extend(rows)
        rewards = torch.tensor([r["reward"] for r in rows], dtype=torch.float32)
        hidden = rewards.to(input_ids.device).view(-1, 1, 1).expand(-1, input_ids.shape[1], 1)
        return BaseModelOutput(last_hidden_state=hidden, hidden_states=(hidden,))


class CompositeRewardModule(nn.Module):
    """The composite reward as the reward model PPOTrainer expects (backbone + score head)."""

    base_model_prefix = "backbone"

    def __init__(self, scorer: CompositeScorer, tokenizer, prompts: dict[tuple[int, ...], str]):
        super().__init__()
        self.backbone = _ScoringBackbone(scorer, tokenizer, prompts)
        # Registered so that .to(device) moves the evaluators with the module.
        self.reward_model = scorer.reward_model
        self.unieval_model = scorer.unieval_model
        self.score = nn.Identity()

    @property
    def history(self) -> RewardHistory:
        return self.backbone.history


def load_scorer(
    reward_spec: ModelSpec,
    unieval_spec: ModelSpec,
    weights: RewardWeights,
    batch_size: int,
    device: str,
) -> CompositeScorer:
    """The reward model and UniEval, loaded once, behind one scorer of `batch_size` triplets."""
    from instructgen.modeling import load_model, load_tokenizer

    def load(spec: ModelSpec, kind: str):
        tokenizer = load_tokenizer(spec.source, None, spec.trust_remote_code)
        model = load_model(
            spec.source,
            kind,
            device=device,
            trust_remote_code=spec.trust_remote_code,
            dtype=spec.dtype,
        )
        return model, tokenizer

    reward_model, reward_tokenizer = load(reward_spec, "reward")
    if reward_model.config.pad_token_id is None:
        reward_model.config.pad_token_id = reward_tokenizer.pad_token_id
    unieval_model, unieval_tokenizer = load(unieval_spec, "seq2seq")
    return CompositeScorer(
        reward_model,
        reward_tokenizer,
        unieval_model,
        unieval_tokenizer,
        weights,
        batch_size=batch_size,
    )
