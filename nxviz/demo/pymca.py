"""``xrf_steel_map.h5`` and ``xrf_steel_map_fit.h5``: a spectra cube and PyMca's fit of it.

Copied from the package (``nxviz/demo/pymca_data``), the same bytes as the tests' real PyMca
output in ``tests/data/xrf`` (see its README: built from PyMca's bundled ``Steel.spe`` and
``Steel.cfg`` by ``tests/data/xrf/make_pymca.py`` and fitted with PyMca 5.9.7's fast linear
fit): the demo needs no PyMca. The cube is 20 x 16 pixels x 2048 channels; copper is brighter
in rows 2-7 x columns 2-7, lead around (13, 11), nickel in rows 15-19 x columns 0-5.
"""

from __future__ import annotations

import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parent / "pymca_data"
#: demo file name -> packaged file
FILES = {"xrf_steel_map.h5": "steel_map.h5", "xrf_steel_map_fit.h5": "steel_map_fit.h5"}


def write(directory: Path) -> list[Path]:
    written = []
    for name, source in FILES.items():
        target = directory / name
        shutil.copyfile(DATA / source, target)
        written.append(target)
    return written
