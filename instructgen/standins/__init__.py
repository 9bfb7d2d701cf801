"""Hub-shaped stand-ins: small models with exactly the layout of the hub repositories of
configs/paper.yaml, so that `make rehearse` runs the paper config offline through the
pipeline's real fetch code (tools/fixture_hub.py serves them).

`repos` is the table of what each repository holds, with a source for every fact; `llama`,
`gpt_neox` and `t5` build the families (tokenizer, config.json built into a model, the default
tiny models' training), `hub` writes the files as the repository has them, and `build.main` is
rule build_standin's entry point.
"""
