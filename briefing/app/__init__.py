"""The application layer above the pipeline stages: sessions, the workspace, the loop.

``briefing.api`` is its façade (what the CLI calls); the modules here are the workspace
(``workspace``, ``cache``, ``state``, ``transaction``), the runs (``session``,
``classifying``, ``building``, ``watch``), the pair of a brief (``pair``), and the
analyst's loop (``changes``, ``review``, ``overrides``) and tables (``actors``).
"""
