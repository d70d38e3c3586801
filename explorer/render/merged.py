"""Every label's surface in one set of arrays, so the scene can draw them as two actors."""

from __future__ import annotations

import numpy as np
import pyvista as pv


class MergedLabels:
    """Points, normals and triangles of all labels, with each label's range of triangles.

    Labels never share points, so a per-point colour is a per-label colour.
    """

    def __init__(self, points: np.ndarray, normals: np.ndarray, faces: np.ndarray,
                 ranges: dict[int, tuple[int, int]]) -> None:
        if faces.ndim != 2 or faces.shape[1] != 3 or (faces.size and faces.max() >= len(points)):
            raise ValueError("malformed face array")
        if normals.shape != points.shape:
            raise ValueError("normals do not match points")
        if ranges and max(stop for _, stop in ranges.values()) > len(faces):
            raise ValueError("label ranges run past the faces")
        self.points, self.normals, self.faces, self.ranges = points, normals, faces.astype(np.int64), ranges
        self.face_label = np.zeros(len(faces), dtype=np.int32)
        for lid, (start, stop) in ranges.items():
            self.face_label[start:stop] = lid
        self.point_label = np.zeros(len(points), dtype=np.int32)
        for column in range(3):
            self.point_label[self.faces[:, column]] = self.face_label
        self._lut_size = int(self.face_label.max(initial=0)) + 1
        self._vtk_arrays: tuple | None = None

    @classmethod
    def from_meshes(cls, meshes: dict[int, pv.PolyData]) -> MergedLabels:
        """Merge per-label meshes that carry point normals."""
        points, normals, faces, ranges = [], [], [], {}
        n_points = n_faces = 0
        for lid, mesh in sorted(meshes.items()):
            tris = mesh.faces.reshape(-1, 4)[:, 1:]
            points.append(np.asarray(mesh.points, dtype=np.float32))
            normals.append(np.asarray(mesh.point_data["Normals"], dtype=np.float32))
            faces.append(tris + n_points)
            ranges[lid] = (n_faces, n_faces + len(tris))
            n_points += mesh.n_points
            n_faces += len(tris)
        return cls(np.vstack(points), np.vstack(normals), np.vstack(faces), ranges)

    def to_arrays(self) -> dict[str, np.ndarray]:
        ids = np.array(sorted(self.ranges), dtype=np.int64)
        spans = np.array([self.ranges[i] for i in ids], dtype=np.int64).reshape(-1, 2)
        return {"points": self.points, "normals": self.normals, "faces": self.faces.astype(np.int32),
                "label_ids": ids, "spans": spans}

    @classmethod
    def from_arrays(cls, arrays) -> MergedLabels:
        ranges = {int(i): (int(a), int(b)) for i, (a, b) in zip(arrays["label_ids"], arrays["spans"], strict=True)}
        return cls(arrays["points"], arrays["normals"], arrays["faces"], ranges)

    def mesh(self, label_id: int) -> pv.PolyData:
        """One label's surface on its own (for tests and tools)."""
        start, stop = self.ranges[label_id]
        tris = self.faces[start:stop]
        used, inverse = np.unique(tris, return_inverse=True)
        cells = np.column_stack([np.full(len(tris), 3), inverse.reshape(-1, 3)]).ravel()
        mesh = pv.PolyData(self.points[used], cells)
        mesh.point_data["Normals"] = self.normals[used]
        return mesh

    def _shared(self) -> tuple[pv.pyvista_ndarray, pv.pyvista_ndarray]:
        """Points and normals as VTK arrays, made once and shared by every subset mesh."""
        if self._vtk_arrays is None:
            holder = pv.PolyData(self.points)
            holder.point_data.set_array(self.normals, "Normals")
            self._vtk_arrays = (holder.GetPoints(), holder.GetPointData().GetArray("Normals"))
        return self._vtk_arrays

    def subset(self, colors: dict[int, tuple[int, int, int, int]], alpha: bool) -> pv.PolyData:
        """A mesh of the given labels, coloured per label (RGB or RGBA bytes), sharing the points.

        Opaque meshes get RGB: any alpha channel makes VTK treat an actor as translucent,
        which costs depth sorting and leaves the depth buffer empty. Every subset shares one
        copy of the points and normals, so a selection only allocates its triangles and colours.
        Each label's triangles are one slice of the merged arrays, so the copies are slices, not
        gathers over every triangle (this runs on every click).
        """
        order = sorted((lid for lid in colors if lid in self.ranges), key=lambda lid: self.ranges[lid][0])
        if not order:
            return pv.PolyData()
        width = 4 if alpha else 3
        lut = np.zeros((self._lut_size, width), dtype=np.uint8)
        lut[order] = [colors[lid][:width] for lid in order]
        spans = [self.ranges[lid] for lid in order]
        points, normals = self._shared()
        mesh = pv.PolyData()
        mesh.SetPoints(points)
        mesh.SetPolys(pv.CellArray.from_regular_cells(np.concatenate([self.faces[a:b] for a, b in spans])))
        mesh.GetPointData().SetNormals(normals)
        mesh.cell_data["label"] = np.concatenate([self.face_label[a:b] for a, b in spans])
        mesh.point_data["rgba"] = np.take(lut, self.point_label, axis=0)
        return mesh
