"""Smooth camera moves between views: the direction turns on a sphere, distance and target glide."""

from __future__ import annotations

import numpy as np

Camera = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]


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


def interpolate(start: Camera, end: Camera, t: float) -> Camera:
    """The camera a fraction t of the way from start to end."""
    p0, f0, u0 = (np.asarray(v, float) for v in start)
    p1, f1, u1 = (np.asarray(v, float) for v in end)
    s = ease(min(max(t, 0.0), 1.0))
    focal = f0 + (f1 - f0) * s
    d0, d1 = np.linalg.norm(p0 - f0), np.linalg.norm(p1 - f1)
    direction = _slerp(p0 - f0, p1 - f1, s)
    position = focal + direction * (d0 + (d1 - d0) * s)
    up = _slerp(u0, u1, s)
    up = up - up.dot(direction) * direction  # keep the up vector square to the view
    up /= np.linalg.norm(up)
    return tuple(position), tuple(focal), tuple(up)


def camera_path(start: Camera, end: Camera, frames: int) -> list[Camera]:
    """`frames` cameras ending exactly at `end`."""
    return [interpolate(start, end, (i + 1) / frames) for i in range(max(frames, 1))]
