"""Smooth camera moves between views with vtkCameraInterpolator.

The camera orbits the brain: key cameras are laid on the sphere (direction slerped, distance
and target glided), and VTK's spline interpolator runs through them with an ease-in/out clock.
Interpolating the two end cameras directly would fly through the brain on opposite views.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkRenderingCore import vtkCamera, vtkCameraInterpolator

Camera = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]
KEYS = 8  # key cameras along the orbit; the spline fills in between


def _slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    dot = float(np.clip(a @ b, -1.0, 1.0))
    if dot > 0.9995:
        v = a + t * (b - a)
        return v / np.linalg.norm(v)
    if dot < -0.9995:  # opposite directions: turn through any perpendicular axis
        axis = np.cross(a, [0.0, 0.0, 1.0] if abs(a[2]) < 0.9 else [0.0, 1.0, 0.0])
        axis /= np.linalg.norm(axis)
        angle = np.pi * t
        return a * np.cos(angle) + np.cross(axis, a) * np.sin(angle)
    theta = np.arccos(dot)
    return (np.sin((1 - t) * theta) * a + np.sin(t * theta) * b) / np.sin(theta)


def ease(t: float) -> float:
    """Smoothstep: starts and ends gently."""
    return t * t * (3 - 2 * t)


def orbit(start: Camera, end: Camera, t: float) -> Camera:
    """The camera a fraction t (no easing) along the orbit from start to end."""
    p0, f0, u0 = (np.asarray(v, float) for v in start)
    p1, f1, u1 = (np.asarray(v, float) for v in end)
    focal = f0 + (f1 - f0) * t
    d0, d1 = np.linalg.norm(p0 - f0), np.linalg.norm(p1 - f1)
    direction = _slerp(p0 - f0, p1 - f1, t)
    position = focal + direction * (d0 + (d1 - d0) * t)
    up = _slerp(u0, u1, t)
    up = up - up.dot(direction) * direction  # keep the up vector square to the view
    up /= np.linalg.norm(up)
    return tuple(position), tuple(focal), tuple(up)


def _vtk_camera(camera: Camera) -> vtkCamera:
    out = vtkCamera()
    out.SetPosition(*camera[0])
    out.SetFocalPoint(*camera[1])
    out.SetViewUp(*camera[2])
    return out


class CameraGlide:
    """`at(t)` for t in [0, 1]: exactly `start` at 0 and `end` at 1, eased, along the orbit."""

    def __init__(self, start: Camera, end: Camera) -> None:
        self.start, self.end = start, end
        self._interpolator = vtkCameraInterpolator()
        self._interpolator.SetInterpolationTypeToSpline()
        for i in range(KEYS + 1):
            t = i / KEYS
            self._interpolator.AddCamera(t, _vtk_camera(orbit(start, end, t)))
        self._probe = vtkCamera()

    def at(self, t: float) -> Camera:
        s = ease(min(max(t, 0.0), 1.0))
        if s in (0.0, 1.0):  # the end cameras themselves, up vector squared to the view
            return orbit(self.start, self.end, s)
        self._interpolator.InterpolateCamera(s, self._probe)
        position, focal = np.asarray(self._probe.GetPosition()), np.asarray(self._probe.GetFocalPoint())
        direction = (position - focal) / np.linalg.norm(position - focal)
        up = np.asarray(self._probe.GetViewUp())
        up = up - up.dot(direction) * direction  # square to the view, as VTK expects
        return tuple(position), tuple(focal), tuple(up / np.linalg.norm(up))


def camera_path(start: Camera, end: Camera, frames: int) -> list[Camera]:
    """`frames` cameras ending exactly at `end`."""
    glide = CameraGlide(start, end)
    count = max(frames, 1)
    return [glide.at((i + 1) / count) for i in range(count)]


def interpolate(start: Camera, end: Camera, t: float) -> Camera:
    """The camera a fraction t of the way from start to end (eased)."""
    return CameraGlide(start, end).at(t)
