"""Diffraction frames: detector geometry, pixel-mask bits, stacks split over files, radial profiles.

Framework-free helpers for the Frames view; the same formulas as ``labextension/src/frames``.
"""
