"""Test helper: a screen pixel where a region is really visible, from the rendered depth buffer.

It uses the depth buffer, not the app's cell picker, so a picking test checks one mechanism
against another.
"""

from __future__ import annotations

from explorer.render.visibility import anchor_point


def visible_pixel(scene, label_ids) -> tuple[int, int] | None:
    """Display coordinates (VTK: origin bottom-left) of a visible vertex of these labels."""
    return anchor_point(scene, label_ids)
