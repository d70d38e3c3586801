"""The headless commands behind the CLI. No Qt anywhere here.

- lookup.py   `regions`, `where` (a coordinate, or a peak table)
- export.py   `export` (images, batches, tour slides, web lesson, rotation video) and `handout`
- checks.py   `check-content` and `info`
- common.py   what they share: loading with a progress bar, JSON output, folders
"""

from explorer.commands.checks import check_content, info
from explorer.commands.export import export, handout
from explorer.commands.lookup import regions, where

__all__ = ["check_content", "export", "handout", "info", "regions", "where"]
