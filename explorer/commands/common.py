"""What the headless commands share: loading with a progress bar, JSON output, comma lists, folders."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from explorer.model.atlas import Atlas
from explorer.model.catalog import discover, resolve
from explorer.model.errors import ExplorerError
from explorer.model.regions import load_regions


def load_atlas(arg: str | None, progress: bool = False) -> Atlas:
    manifests, _problems = discover()
    manifest = resolve(arg, manifests)
    bar = ProgressBar(f"Preparing {manifest.name}") if progress else None
    try:
        return Atlas.load(manifest, load_regions(), bar)
    finally:
        if bar:
            bar.close()


class ProgressBar:
    """tqdm bar driven by the (fraction, message) progress callbacks; silent if never called."""

    def __init__(self, title: str) -> None:
        self.title, self.bar = title, None

    def __call__(self, fraction: float, message: str) -> None:
        from tqdm import tqdm

        if self.bar is None:
            self.bar = tqdm(total=100, desc=self.title, unit="%", leave=False, disable=None)  # None: only on a TTY
        self.bar.set_postfix_str(message)
        self.bar.n = int(fraction * 100)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def load_for_export(args: argparse.Namespace):
    """The atlas, its meshes and the content (with any --annotations packs), behind a progress bar."""
    from explorer.render.batch import load_everything

    bar = ProgressBar("Preparing the atlas")
    try:
        return load_everything(args.atlas, args.annotations, bar)
    finally:
        bar.close()


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, indent=2)
    sys.stdout.write("\n")


def make_folder(folder: Path) -> None:
    """Create the folder for a batch or tour (`-o slides/`), with a one-line error if that fails."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExplorerError(f"{folder} is a file; give a folder for several images") from None
    except OSError as exc:
        raise ExplorerError(f"cannot create folder {folder}: {exc.strerror or exc}") from None


def split_list(text: str | None) -> list[str]:
    """'a, b,,c' -> ['a', 'b', 'c']."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]
