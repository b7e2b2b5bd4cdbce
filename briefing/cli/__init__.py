"""The command line: a thin client over ``briefing.api``, one module per command group.

Results go to stdout (report paths, JSON); progress and logs go to stderr.
Exit codes: 0 success, 1 error or skipped articles, 2 usage error, 130 Ctrl-C,
141 a closed output pipe.
"""

from __future__ import annotations

from briefing.cli import brief, inspecting, loop, quality
from briefing.cli._base import cli, main

#: The modules whose commands register on ``cli`` when imported.
COMMANDS = (brief, inspecting, loop, quality)

__all__ = ["COMMANDS", "cli", "main"]
