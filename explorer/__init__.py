"""Social Brain Explorer: a 3D brain atlas annotated from social-neuroscience sources."""

__version__ = "0.1.0"
