"""Run the command line: ``python -m briefing``."""

from briefing.cli import main

main()
