"""The papers' tables, rebuilt from metric files with the papers' row and column layout.

- ``specs``: a table planned from the configured grid (``instructgen.plan.Study``) into a
  ``TableSpec``: plain data naming each row's cells, the files they are read from and the
  published numbers beside them. The table rule takes that spec as its only parameter, so a
  table reruns exactly when its rows, inputs or labels change;
- ``ledger``: FIDELITY.md's rows, read for the footnote that lists the paper configuration's
  choices a table depends on;
- ``render``: a spec's cells read from their files and written as Markdown and CSV.

With ``analysis.show_published`` a "<column> (published)" column follows each reproduced column
(numbers from instructgen.published); published values belong to the papers' backbones.
"""
