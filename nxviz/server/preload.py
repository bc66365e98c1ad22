"""Imported once by the fork server the worker processes are forked from (never by Jupyter).

It loads what every worker needs (h5py, hdf5plugin, numpy, nxviz's readers) and builds the unit
registry for NXmx geometry (~0.3 s), so a worker forked from it starts in milliseconds with all
of that in place, and a worker killed for running too long is replaced as cheaply. Then it sets
all of that aside from the garbage collector's full passes (:mod:`nxviz.server.heap`): the
workers inherit it, and a full pass in a worker no longer pauses a render to visit them.
"""

from __future__ import annotations

import nxviz.server.worker  # noqa: F401  (loads h5py, numpy and the readers)
from nxviz.hdf5.nexus import units
from nxviz.hdf5.open import register_filters
from nxviz.server.heap import settle

register_filters()  # hdf5plugin, which nxviz.hdf5.open no longer imports itself

try:
    units()
except Exception:  # noqa: BLE001, S110  (pint missing or broken: reported when first used)
    pass

settle()
