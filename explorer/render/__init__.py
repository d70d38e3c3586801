"""Rendering layer: meshes, scene, picking and export. Uses PyVista, never Qt."""
