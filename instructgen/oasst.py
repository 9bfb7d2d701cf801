"""The OpenAssistant reward architecture (`gpt_neox_reward_model`), written here.

REFINE-AF's reward model, OpenAssistant/oasst-rm-2.1-pythia-1.4b-epoch-2.5, is not a
transformers architecture: its config.json names `"model_type": "gpt_neox_reward_model"`,
`"architectures": ["GPTNeoXRewardModel"]` and `"pooling": "last"`. The model is a GPT-NeoX
backbone (weights under `gpt_neox.`) and one linear head `out_proj` (hidden -> 1) applied to a
pooled hidden state: the last non-padding token ("last") or the masked mean ("mean").

Importing this module registers both classes with `AutoConfig` and
`AutoModelForSequenceClassification`, so the hub-shaped folder loads through
`instructgen.modeling.load_model(..., "reward")` with `trust_remote_code` off.

Padding: the pooled token comes from the attention mask, never from the pad token id (a
tokenizer without a pad token is given eos as pad, and eos, `<|endoftext|>`, also closes every
OpenAssistant turn), and position ids count only the unmasked tokens, so a text scores the
same alone, right-padded or left-padded.
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import nn
from transformers import AutoConfig, AutoModelForSequenceClassification
from transformers.configuration_utils import strict
from transformers.modeling_outputs import SequenceClassifierOutput
from transformers.models.gpt_neox.configuration_gpt_neox import GPTNeoXConfig
from transformers.models.gpt_neox.modeling_gpt_neox import GPTNeoXModel, GPTNeoXPreTrainedModel
from transformers.utils.generic import can_return_tuple

MODEL_TYPE = "gpt_neox_reward_model"
POOLINGS = ("last", "mean")


@strict
class GPTNeoXRewardModelConfig(GPTNeoXConfig):
    """GPT-NeoX settings plus `pooling`; reads the hub's legacy keys (rotary_pct, ...) as
    GPTNeoXConfig does."""

    model_type = MODEL_TYPE

    pooling: Literal["last", "mean"] = "last"


def last_token_index(attention_mask: torch.Tensor) -> torch.Tensor:
    """Per row, the position of the last attended token, wherever the padding sits."""
    positions = torch.arange(attention_mask.shape[-1], device=attention_mask.device)
    return (positions * attention_mask.ne(0)).argmax(dim=-1)


def mask_positions(attention_mask: torch.Tensor) -> torch.Tensor:
    """Position ids that count attended tokens only, so left padding shifts nothing."""
    attended = attention_mask.ne(0).long()
    return (attended.cumsum(dim=-1) - 1).clamp(min=0)


class GPTNeoXRewardModel(GPTNeoXPreTrainedModel):
    """A GPT-NeoX backbone (`gpt_neox`) and a scalar head (`out_proj`) on a pooled state;
    `logits` has shape (batch, 1)."""

    config_class = GPTNeoXRewardModelConfig
    config: GPTNeoXRewardModelConfig

    def __init__(self, config: GPTNeoXRewardModelConfig):
        super().__init__(config)
        self.gpt_neox = GPTNeoXModel(config)
        self.out_proj = nn.Linear(config.hidden_size, 1)
        self.post_init()

    def get_input_embeddings(self):
        return self.gpt_neox.get_input_embeddings()

    def set_input_embeddings(self, value):
        self.gpt_neox.set_input_embeddings(value)

    def pool(self, hidden: torch.Tensor, attention_mask: torch.Tensor | None) -> torch.Tensor:
        pooling = self.config.pooling
        if pooling not in POOLINGS:
            raise ValueError(f"unknown pooling {pooling!r}; expected one of {POOLINGS}")
        if attention_mask is None:
            return hidden[:, -1] if pooling == "last" else hidden.mean(dim=1)
        mask = attention_mask.to(hidden.device)
        if pooling == "last":
            rows = torch.arange(hidden.shape[0], device=hidden.device)
            return hidden[rows, last_token_index(mask)]
        weights = mask.ne(0).to(hidden.dtype).unsqueeze(-1)
        return (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1)

    @can_return_tuple
    def forward(
        self,
        input_ids: torch.LongTensor | None = None,
        attention_mask: torch.Tensor | None = None,
        position_ids: torch.LongTensor | None = None,
        inputs_embeds: torch.Tensor | None = None,
        **kwargs,
    ) -> SequenceClassifierOutput:
        if position_ids is None and attention_mask is not None:
            position_ids = mask_positions(attention_mask)
        kwargs.setdefault("use_cache", False)
        outputs = self.gpt_neox(
            input_ids,
            attention_mask=attention_mask,
            position_ids=position_ids,
            inputs_embeds=inputs_embeds,
            **kwargs,
        )
        pooled = self.pool(outputs.last_hidden_state, attention_mask)
        return SequenceClassifierOutput(
            logits=self.out_proj(pooled),
            hidden_states=outputs.hidden_states,
            attentions=outputs.attentions,
        )


AutoConfig.register(MODEL_TYPE, GPTNeoXRewardModelConfig, exist_ok=True)
AutoModelForSequenceClassification.register(
    GPTNeoXRewardModelConfig, GPTNeoXRewardModel, exist_ok=True
)
