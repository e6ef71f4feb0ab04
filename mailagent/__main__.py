"""``python -m mailagent`` is the ``mailagent`` command."""

from mailagent.cli import main

main()
