"""Instruction diversity as in Self-Instruct: root verb + first direct-object noun per instruction.

Each instruction's first sentence is parsed into a Penn-Treebank-style constituency tree; the
main clause's verb and the head noun of its direct object give one (verb, noun) pair. The
sunburst figure shows the 20 most common verbs and their 4 most common nouns, and the number of
unique pairs summarises diversity.

- ``trees``: pairs from trees (:func:`verb_noun_from_tree` only reads Penn labels, so it works
  on either parser's trees), counting, and the parsers behind :func:`trees.get_parser`:
  ``"benepar"``, the Berkeley Neural Parser with model ``benepar_en3`` as in the papers (the
  model has to be downloaded once), and ``"link_grammar"``, CMU Link Grammar, offline;
- ``link_grammar``: Link Grammar's linkage of a sentence read into a shallow Penn-style tree
  (verb chain and direct objects);
- ``lemmas``: WordNet lemmas of verbs and nouns.

Nothing is imported here, so the workflow can load ``instructgen.link_grammar`` cheaply.
"""
