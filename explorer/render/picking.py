"""Which label is under a screen pixel. Solid surfaces are tried before faint ones."""

from __future__ import annotations

from dataclasses import dataclass

from vtkmodules.vtkCommonDataModel import vtkStaticCellLocator as _Locator
from vtkmodules.vtkRenderingCore import vtkCellPicker

from explorer.render.scene import BrainScene


@dataclass(frozen=True)
class Hit:
    label_id: int  # -1 for a circuit link
    position: tuple[float, float, float]  # world (MNI) coordinates of the surface point
    link: int | None = None  # index of the circuit link, when one was hit


class RegionPicker:
    """Cell picking restricted to region actors, in priority order.

    A click is first tested against surfaces drawn solid (the teaching regions, or all
    regions when shown opaque), and only then against faint context. So the faint temporal
    cortex in front of the amygdala never swallows a click on the amygdala, and the glass
    outline, which is not pickable, never takes one at all.
    """

    def __init__(self, scene: BrainScene) -> None:
        self.scene = scene
        self._picker = vtkCellPicker()
        self._picker.SetTolerance(0.0)
        self._picker.PickFromListOn()
        self._locators: dict[int, _Locator] = {}

    def _locator_for(self, mesh) -> _Locator:
        key = id(mesh)
        locator = self._locators.get(key)
        if locator is None or locator.GetDataSet() is not mesh:
            locator = _Locator()
            locator.SetDataSet(mesh)
            locator.BuildLocator()
            self._locators = {k: v for k, v in self._locators.items() if v.GetDataSet() is not None}
            self._locators[key] = locator
        return locator

    def pick(self, x: int, y: int) -> Hit | None:
        """Pick at display coordinates (origin bottom-left, as VTK counts)."""
        renderer = self.scene.plotter.renderer
        circuits = self.scene.circuits
        for actor in (circuits, self.scene.solid, self.scene.faint):
            if actor is None or not actor.GetVisibility() or not actor.GetPickable():
                continue
            mesh = actor.GetMapper().GetInput()
            self._picker.InitializePickList()
            self._picker.AddPickList(actor)
            self._picker.RemoveAllLocators()
            self._picker.AddLocator(self._locator_for(mesh))
            if self._picker.Pick(x, y, 0, renderer) and self._picker.GetCellId() >= 0:
                position = tuple(float(v) for v in self._picker.GetPickPosition())
                if actor is circuits:
                    link = int(mesh.GetCellData().GetArray("link").GetValue(self._picker.GetCellId()))
                    return Hit(-1, position, link)
                labels = mesh.GetCellData().GetArray("label")
                return Hit(int(labels.GetValue(self._picker.GetCellId())), position)
        return None
