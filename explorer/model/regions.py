"""Teaching regions and groups: atlas-independent definitions from atlases/regions.toml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from explorer.model.errors import ContentError
from explorer.model.locations import validate
from explorer.model.paths import ATLAS_DIR
from explorer.model.tomlfile import read_toml, toml_lines

REGIONS_FILE = ATLAS_DIR / "regions.toml"


@dataclass(frozen=True)
class RegionDef:
    """A teaching region (e.g. MPFC) or a group of them (e.g. the social brain network)."""

    id: str
    title: str
    color: str
    aliases: tuple[str, ...] = ()
    core: bool = False
    members: tuple[str, ...] = field(default=())
    approximate: bool = False
    view: str = "default"  # the standard view that shows it best (handouts, tours)
    safe: str = ""  # Okabe-Ito colour (the default)
    vivid: str = ""  # alternative colour when the colour-blind-safe palette is off

    @property
    def is_group(self) -> bool:
        return bool(self.members)

    def matches(self, text: str) -> bool:
        """Case-insensitive match on id, title or any alias."""
        needle = text.strip().lower()
        names = (self.id, self.title, *self.aliases)
        return any(needle in name.lower() for name in names)


def with_palette(regions: dict[str, RegionDef], colour_safe: bool) -> dict[str, RegionDef]:
    """The same regions coloured with the Okabe-Ito palette (safe) or the vivid one."""
    from dataclasses import replace

    return {rid: replace(r, color=r.safe if colour_safe else r.vivid) for rid, r in regions.items()}


def load_regions(path: Path = REGIONS_FILE) -> dict[str, RegionDef]:
    """Load region definitions, in file order (core teaching regions first)."""
    from explorer.model.schema import RegionsFile

    data, text = read_toml(path)
    lines = toml_lines(text)
    entries = validate(RegionsFile, data, path, lines).root
    regions = {
        rid: RegionDef(id=rid, title=e.title, color=e.color, aliases=tuple(e.aliases), core=e.core,
                       members=tuple(e.members), approximate=e.approximate, view=e.view, safe=e.color,
                       vivid=e.vivid or e.color)
        for rid, e in entries.items()
    }
    for region in regions.values():
        for n, member in enumerate(region.members):
            if member not in regions:
                raise ContentError(path, lines.at(region.id, "members", n),
                                   f"group {region.id!r}: unknown member {member!r}")
    return regions
