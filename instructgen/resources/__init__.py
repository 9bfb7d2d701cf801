"""GPU resources of the pipeline's jobs, estimated while Snakemake plans (no torch): model shapes
(`shapes`), cards (`cards`), the formulas (`estimate`), each step's workload and estimate
(`workloads`, `steps`), what a rule asks SLURM for (`request`) and `make preflight`
(`preflight`, over the jobs of Snakemake's own DAG, `dag`)."""
