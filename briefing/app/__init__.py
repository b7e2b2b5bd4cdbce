"""The application layer above the pipeline stages: sessions, the workspace, the loop.

``briefing.api`` is its façade (what the CLI calls). The modules:

- runs: ``session`` (what a run loads once), ``classifying``, ``building``, ``watch``;
- where new articles are parsed and classified: ``executor`` (this process), ``pool``
  (``--jobs`` worker processes), ``cluster`` (Dask);
- the pair of a brief, decided once per build: ``pair``;
- the workspace ``OUT/.briefing``: ``workspace``, ``cache``, ``state``, ``lock``,
  ``transaction``;
- the analyst's loop: ``changes``, ``review``, ``overrides``; the speakers table: ``actors``.
"""
