"""`python -m accord` runs the `accord` command."""

from accord.cli import main

raise SystemExit(main())
