"""Tiny models built offline from the shipped corpus, standing where hub models stand at scale.

All are real `transformers` models saved with `save_pretrained` (safetensors) and loaded back by
`instructgen.modeling.load_model`, the path that loads hub ids in the paper config:
- a byte-level BPE tokenizer trained on the corpus;
- a Llama-architecture causal LM, briefly pre-trained so that its samples look like text;
- a reward model (Llama sequence-classification head) trained on preference pairs in the
  OpenAssistant prompter/assistant format;
- a T5 seq2seq model trained as a Boolean-QA evaluator in UniEval's input format.

One module per rule of rules/models.smk, each with a ``main``; ``data`` holds what they
share.
"""
