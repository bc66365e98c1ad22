"""Diffraction frames: detector geometry, pixel-mask bits, stacks split over files, radial profiles.

Framework-free helpers for the Frames view. The radial profile is computed here only
(``profile.py`` serves it); the browser draws it. Geometry formulas are shared with
``labextension/src/frames/geometry.ts``, which draws rings and reads out d, q and 2θ.
"""
