"""``python -m wasmlite``: the ``wasmlite`` command line."""

from .cli import main

raise SystemExit(main())
