"""Run the command line: ``python -m briefing`` and the ``briefing`` script."""

from __future__ import annotations

import sys

#: The exit code of a command stopped with Ctrl-C (128 + SIGINT), as the CLI uses.
_INTERRUPTED = 130


def main() -> None:
    """Load the command line and run it; Ctrl-C while it loads ends in one line too."""
    try:
        from briefing.cli import main as run  # loads spaCy, so after the guard
    except KeyboardInterrupt:
        sys.stderr.write("\nInterrupted; reports unchanged\n")
        raise SystemExit(_INTERRUPTED) from None
    run()


if __name__ == "__main__":
    main()
