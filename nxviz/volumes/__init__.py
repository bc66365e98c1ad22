"""Volumes: slices of 3-D datasets along any axis, answered progressively, and NXtomo scans.

``chunks`` decodes the plane a slice needs from each chunk (off the GIL where it can),
``slices`` answers a slice level by level, ``planes`` keeps decoded planes between levels,
``tomo`` reads an NXtomo scan (image keys, angles, flat/dark correction) and ``describe`` tells
the browser a volume's shape, chunks, levels and physical axes.
"""
