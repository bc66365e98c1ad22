"""The NXmx metadata of the simulated EIGER 1M experiment, shared by the master file and
by the defects file (which starts from it and breaks it on purpose).

Paths it writes under ``entry``::

    instrument/name, time_zone             NXinstrument
    instrument/beam/incident_wavelength    NXbeam, Å; profile, incident_polarization_stokes
    instrument/detector_group/             NXdetector_group naming the one detector
    instrument/detector/                   NXdetector: beam_center_x/y (m), distance (m),
        x_pixel_size, y_pixel_size, sensor_material, sensor_thickness, saturation_value,
        pixel_mask (uint32), count_time, frame_time, bit_depth_readout, depends_on
    instrument/detector/transformations/   translation (z) -> two_theta (rotation) -> "."
    instrument/detector/module/            NXdetector_module with its pixel directions
    sample/                                NXsample: name, unit cell, depends_on omega
    sample/transformations/omega           one angle per frame
    source/                                NXsource
"""

from __future__ import annotations

import h5py
import hdf5plugin
import numpy as np

from nxviz.demo import detector, frames
from nxviz.demo._nexus import END_TIME, field, group, transformation

DETECTOR = "/entry/instrument/detector"
DETECTOR_CHAIN = f"{DETECTOR}/transformations/translation"
SAMPLE_CHAIN = "/entry/sample/transformations/omega"
COUNT_TIME = 0.099999  # s
FRAME_TIME = 0.1  # s


def write_entry_metadata(entry: h5py.Group, frame_count: int) -> None:
    """Everything of an NXmx entry except ``definition``, the times and the NXdata."""
    field(entry, "end_time_estimated", END_TIME)
    instrument = group(entry, "instrument", "NXinstrument")
    field(instrument, "name", "nxviz demo beamline", short_name="DEMO")
    field(instrument, "time_zone", "+01:00")
    beam = group(instrument, "beam", "NXbeam")
    field(beam, "incident_wavelength", detector.WAVELENGTH, units="angstrom")
    field(beam, "incident_beam_size", np.array([50.0, 20.0]), units="um")
    field(beam, "profile", "Gaussian")
    # Stokes (I, Q, U, V) per frame: a synchrotron beam, 99 % linearly polarised horizontally
    field(beam, "incident_polarization_stokes", np.tile([1.0, 0.99, 0.0, 0.0], (frame_count, 1)))
    # one detector, at the top of the hierarchy
    detectors = group(instrument, "detector_group", "NXdetector_group")
    field(detectors, "group_names", "detector")
    field(detectors, "group_index", np.array([1], dtype=np.int32))
    field(detectors, "group_parent", np.array([-1], dtype=np.int32))
    _write_detector(instrument, frame_count)
    _write_sample(entry, frame_count)
    source = group(entry, "source", "NXsource")
    field(source, "name", "nxviz demo synchrotron", short_name="DEMO-SR")
    field(source, "type", "Synchrotron X-ray Source")
    field(source, "probe", "x-ray")


def _write_detector(instrument: h5py.Group, frame_count: int) -> None:
    det = group(instrument, "detector", "NXdetector")
    field(det, "description", "Dectris EIGER 1M (simulated)")
    field(det, "type", "HPC")
    field(det, "depends_on", DETECTOR_CHAIN)
    chain = group(det, "transformations", "NXtransformations")
    transformation(
        chain,
        "translation",
        detector.DISTANCE,
        kind="translation",
        vector=(0.0, 0.0, 1.0),
        units="m",
        depends_on=f"{DETECTOR}/transformations/two_theta",
    )
    transformation(
        chain,
        "two_theta",
        0.0,
        kind="rotation",
        vector=(-1.0, 0.0, 0.0),
        units="deg",
        depends_on=".",
    )
    _write_module(det)
    field(det, "distance", detector.DISTANCE, units="m")
    field(det, "distance_derived", False)
    # NXmx wants lengths here (DECTRIS writes pixels, which the validator rightly reports).
    field(det, "beam_center_x", detector.BEAM_CENTER_X * detector.PIXEL_SIZE, units="m")
    field(det, "beam_center_y", detector.BEAM_CENTER_Y * detector.PIXEL_SIZE, units="m")
    field(det, "beam_center_derived", False)
    field(det, "x_pixel_size", detector.PIXEL_SIZE, units="m")
    field(det, "y_pixel_size", detector.PIXEL_SIZE, units="m")
    field(det, "sensor_material", "Si")
    field(det, "sensor_thickness", detector.SENSOR_THICKNESS, units="m")
    field(det, "saturation_value", np.int64(detector.SATURATION_VALUE))
    field(det, "underload_value", np.int64(-1))
    field(det, "count_time", COUNT_TIME, units="s")
    field(det, "frame_time", FRAME_TIME, units="s")
    field(det, "detector_readout_time", FRAME_TIME - COUNT_TIME, units="s")
    field(det, "dead_time", 2.4e-6, units="s")
    field(det, "bit_depth_readout", np.int32(16))
    field(det, "threshold_energy", 8850.0, units="eV")
    field(det, "countrate_correction_applied", True)
    field(det, "flatfield_applied", True)
    field(det, "pixel_mask_applied", False)
    det.create_dataset(
        "pixel_mask",
        data=detector.pixel_mask(),
        chunks=detector.FRAME_SHAPE,
        **hdf5plugin.Bitshuffle(cname="lz4"),
    )
    specific = group(det, "detectorSpecific", "NXcollection")
    field(specific, "nimages", np.int64(frame_count))
    field(specific, "ntrigger", np.int64(1))
    field(specific, "x_pixels_in_detector", np.int64(detector.FRAME_SHAPE[1]))
    field(specific, "y_pixels_in_detector", np.int64(detector.FRAME_SHAPE[0]))


def _write_module(det: h5py.Group) -> None:
    module = group(det, "module", "NXdetector_module")
    field(module, "data_origin", np.array([0, 0], dtype=np.int32))
    field(module, "data_size", np.array(detector.FRAME_SHAPE, dtype=np.int32))
    corner = np.array([detector.BEAM_CENTER_X, detector.BEAM_CENTER_Y, 0.0]) * detector.PIXEL_SIZE
    length = float(np.linalg.norm(corner))
    transformation(
        module,
        "module_offset",
        length,
        kind="translation",
        vector=(float(corner[0] / length), float(corner[1] / length), 0.0),
        units="m",
        depends_on=DETECTOR_CHAIN,
        offset=(0.0, 0.0, 0.0),
    )
    for name, vector in (
        ("fast_pixel_direction", (-1.0, 0.0, 0.0)),
        ("slow_pixel_direction", (0.0, -1.0, 0.0)),
    ):
        transformation(
            module,
            name,
            detector.PIXEL_SIZE,
            kind="translation",
            vector=vector,
            units="m",
            depends_on=f"{DETECTOR}/module/module_offset",
            offset=(0.0, 0.0, 0.0),
        )


def _write_sample(entry: h5py.Group, frame_count: int) -> None:
    sample = group(entry, "sample", "NXsample")
    field(sample, "name", "LaB6 calibrant with a small crystal")
    field(sample, "unit_cell_abc", np.full(3, detector.LAB6_A), units="angstrom")
    field(sample, "unit_cell_alphabetagamma", np.full(3, 90.0), units="deg")
    field(sample, "depends_on", SAMPLE_CHAIN)
    chain = group(sample, "transformations", "NXtransformations")
    transformation(
        chain,
        "omega",
        frames.omega(frame_count),
        kind="rotation",
        vector=(-1.0, 0.0, 0.0),
        units="deg",
        depends_on=".",
    )
