"""Entry point of the PyInstaller bundle: the same `brain-explorer` command as the wheel's."""

from explorer.cli import main

raise SystemExit(main())
