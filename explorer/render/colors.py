"""Colours and opacities for every label in every display state."""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from functools import cache

from explorer.model.labels import Label
from explorer.model.regions import RegionDef

CORTEX_COLOR = (0.90, 0.87, 0.83)  # warm light grey: reads on a white and on a black slide
SULCUS_DARKENING = 0.42  # how much darker the floor of a sulcus is than a gyral crown
SHELL_COLOR = (0.74, 0.76, 0.82)  # the see-through shell: a cool grey that shows on white and on black
SHELL_OPACITY = 0.18  # the cortex as a see-through shell, when it would hide what is shown
# Opacities: the four core regions stand out, other named regions show, the rest is context.
CORE_OPACITY = 1.0
NAMED_OPACITY = 0.55
CONTEXT_OPACITY = 0.10
DIMMED_REGION_OPACITY = 0.15
DIMMED_CONTEXT_OPACITY = 0.05
OPAQUE = 1.0  # drawn in the opaque pass, and takes clicks before anything translucent


def hex_to_rgb(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255.0 for i in (0, 2, 4))  # type: ignore[return-value]


@cache
def context_color(label_id: int) -> tuple[float, float, float]:
    """A muted, stable colour per label (golden-angle hues) for regions that teach nothing."""
    hue = (label_id * 0.618033988749895) % 1.0
    return colorsys.hls_to_rgb(hue, 0.62, 0.28)


@dataclass(frozen=True)
class Style:
    color: tuple[float, float, float]
    opacity: float
    highlighted: bool = False


def label_style(
    label: Label,
    region: RegionDef | None,
    selected: tuple[int, ...] | None,
    show_all: bool,
    shown: frozenset[int] = frozenset(),
    others: float | None = None,
) -> Style:
    """How a label is drawn, given the selection (None = nothing selected).

    A tour step may also keep some labels at full strength (`shown`) and set the opacity of
    everything else (`others`).
    """
    color = hex_to_rgb(label.color) if label.color else context_color(label.id)
    if region is not None:
        color = hex_to_rgb(region.color)
    if selected and label.id in selected:
        return Style(color, 1.0, highlighted=True)
    if show_all or label.id in shown:
        return Style(color, 1.0)
    if others is not None:
        return Style(color, others)
    if selected:
        return Style(color, DIMMED_REGION_OPACITY if region else DIMMED_CONTEXT_OPACITY)
    if region is None:
        return Style(color, CONTEXT_OPACITY)
    return Style(color, CORE_OPACITY if region.core else NAMED_OPACITY)
