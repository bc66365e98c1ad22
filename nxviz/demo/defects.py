"""``defects.nxs``: a small NXmx file broken on purpose, one defect of each kind.

It is written like the EIGER master (same metadata writer, three tiny frames stored inside),
then each entry of :data:`DEFECTS` is applied to it. The list is the contract with the
validator's tests: every defect names the path where a validator should report it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np

from nxviz.demo import detector, nxmx
from nxviz.demo._nexus import entry, group, root_attributes

NAME = "defects.nxs"
FRAMES = 3


@dataclass(frozen=True)
class Defect:
    path: str  # where the defect is reported
    kind: str
    description: str


DET = nxmx.DETECTOR
DEFECTS = (
    Defect(
        f"{DET}/sensor_material",
        "missing_required_field",
        "NXmx requires NXdetector/sensor_material (minOccurs=1); it is absent",
    ),
    Defect(
        f"{DET}/bit_depth_readout",
        "wrong_type",
        "NX_INT field written as the string '16 bits'",
    ),
    Defect(
        f"{DET}/distance",
        "wrong_units",
        "NX_LENGTH field with @units 'kg'",
    ),
    Defect(
        "/entry/data",
        "nxdata_signal_missing",
        "@signal names 'frames', which is not in the group",
    ),
    Defect(
        f"{DET}/flatfield",
        "dangling_soft_link",
        "soft link to /entry/instrument/detector/calibration/flatfield, which does not exist",
    ),
    Defect(
        "/entry",
        "broken_default",
        "@default names 'plot', which is not a child of /entry",
    ),
    Defect(
        "/entry/sample/depends_on",
        "depends_on_missing_target",
        "points at /entry/sample/transformations/phi, which does not exist",
    ),
    Defect(
        f"{DET}/transformations/two_theta",
        "bad_transformation_type",
        "@transformation_type is 'twist' (must be 'translation' or 'rotation')",
    ),
)


def _break(file: h5py.File) -> None:
    det = file[DET]
    del det["sensor_material"]
    del det["bit_depth_readout"]
    det["bit_depth_readout"] = "16 bits"
    det["distance"].attrs["units"] = "kg"
    file["/entry/data"].attrs["signal"] = "frames"
    det["flatfield"] = h5py.SoftLink(f"{DET}/calibration/flatfield")
    file["/entry"].attrs["default"] = "plot"
    del file["/entry/sample/depends_on"]
    file["/entry/sample/depends_on"] = "/entry/sample/transformations/phi"
    file[f"{DET}/transformations/two_theta"].attrs["transformation_type"] = "twist"


def write(directory: Path) -> list[Path]:
    path = directory / NAME
    stack = np.zeros((FRAMES, *detector.FRAME_SHAPE), dtype=np.uint32)
    stack[:, detector.gap_mask()] = detector.GAP_VALUE
    with h5py.File(path, "w") as file:
        root_attributes(file, NAME)
        top = entry(file, "NXmx", "A broken NXmx file for the validator", "data")
        nxmx.write_entry_metadata(top, FRAMES)
        data = group(top, "data", "NXdata", signal="data")
        data.create_dataset(
            "data", data=stack, chunks=(1, *detector.FRAME_SHAPE), compression="gzip"
        )
        _break(file)
    return [path]
