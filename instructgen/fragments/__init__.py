"""Extract-then-generate (paper 1, section 3.2): the outputs that instructions are written for.

Each strategy is one small function from a passage to a fragment. `whole`, `keywords` and
`random_sentence` need no model; `llm_extraction` runs an instruction-following model on the
Table 10 prompt and is batched through `instructgen.generation`.

One module per rule of rules/fragments.smk, each with a ``main``.
"""
