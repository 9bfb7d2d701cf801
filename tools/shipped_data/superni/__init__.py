"""Super-NaturalInstructions-style tasks and their test/train splits."""

from __future__ import annotations

import random

from tools.shipped_data.superni.eval_tasks import (
    t_answerability,
    t_cause_effect,
    t_coreference,
    t_data_to_text,
    t_dialogue_act,
    t_entailment,
    t_grammar,
    t_keyword,
    t_overlap,
    t_question_rewriting,
    t_title,
    t_word_analogy,
)
from tools.shipped_data.superni.taskfile import NamedTask
from tools.shipped_data.superni.train_tasks import (
    t_categorization,
    t_fill_blank,
    t_ner,
    t_paraphrase,
    t_program,
    t_qa,
    t_sentiment,
    t_summarization,
)


def build_superni() -> tuple[list[NamedTask], list[NamedTask]]:
    """Return (test tasks, train tasks); one shared rng in a fixed call order."""
    rng = random.Random(9001)
    test = [
        t_entailment(),
        t_cause_effect(rng),
        t_coreference(),
        t_dialogue_act(),
        t_answerability(),
        t_word_analogy(),
        t_overlap(),
        t_keyword(),
        t_question_rewriting(rng),
        t_title(),
        t_data_to_text(rng),
        t_grammar(),
    ]
    train = [
        t_sentiment(rng),
        t_qa(rng),
        t_summarization(rng),
        t_categorization(),
        t_ner(rng),
        t_paraphrase(),
        t_fill_blank(),
        t_program(rng),
    ]
    return test, train
