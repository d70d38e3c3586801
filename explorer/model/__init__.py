"""Data layer: atlases, regions, annotations and app state. Imports neither Qt nor VTK."""
