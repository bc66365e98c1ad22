"""Factories writing minimal valid NeXus files with h5py, one per application definition.

Each factory takes an open, writable ``h5py.File`` and fills it; mutants in the tests then
change one thing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import h5py
import numpy as np

STAMP = "2024-05-01T10:00:00+02:00"


def group(parent: h5py.Group, name: str, nx_class: str, **attrs: Any) -> h5py.Group:
    g = parent.create_group(name)
    g.attrs["NX_class"] = nx_class
    for key, value in attrs.items():
        g.attrs[key] = value
    return g


def field(
    parent: h5py.Group, name: str, value: Any, units: str | None = None, **attrs: Any
) -> h5py.Dataset:
    d = parent.create_dataset(name, data=value)
    if units is not None:
        d.attrs["units"] = units
    for key, value in attrs.items():
        d.attrs[key] = value
    return d


def _transformation(
    parent: h5py.Group, name: str, value: Any, kind: str, vector: Any, depends_on: str
) -> h5py.Dataset:
    units = "deg" if kind == "rotation" else "mm"
    return field(
        parent,
        name,
        value,
        units,
        transformation_type=kind,
        vector=np.asarray(vector, dtype=float),
        depends_on=depends_on,
    )


def nxtest(f: h5py.File) -> None:
    """The project's own NXtest, every member valid."""
    f.attrs["default"] = "entry"
    entry = group(f, "entry", "NXentry", version="1.0", default="data")
    field(entry, "definition", "NXtest")
    field(entry, "title", "a test")
    field(entry, "start_time", STAMP)
    field(entry, "notes", "some notes")
    field(entry, "mode", "fast")
    field(entry, "count", np.int32(3))
    field(entry, "offset", np.uint16(0))
    field(entry, "index", np.int64(-2))
    field(entry, "ratio", 0.5)
    field(entry, "enabled", np.bool_(True))
    field(entry, "duration", 1.5, "s")
    field(entry, "label_a", "first label")
    instrument = group(entry, "instrument", "NXinstrument")
    detector = group(instrument, "detector", "NXdetector")
    field(detector, "data", np.zeros((3, 4), dtype=np.float32), "counts")
    field(detector, "frame_time", np.full(3, 0.1), "s")
    field(detector, "distance", 0.25, "m")
    field(detector, "polar_angle", 12.0, "deg")
    field(detector, "depends_on", "transformations/rot")
    transformations = group(detector, "transformations", "NXtransformations")
    _transformation(transformations, "rot", 30.0, "rotation", [0, 0, 1], "trans")
    _transformation(transformations, "trans", 250.0, "translation", [0, 0, 1], ".")
    sample = group(entry, "sample", "NXsample")
    field(sample, "name", "quartz")
    field(sample, "temperature", 295.0, "K")
    field(sample, "rotation_angle", np.array([0.0, 1.0, 2.0]), "deg")
    data = group(entry, "data", "NXdata", signal="data", axes=["rotation_angle", "."])
    data.attrs["rotation_angle_indices"] = 0
    data["data"] = detector["data"]  # a hard link satisfies the NXDL <link>
    data["rotation_angle"] = sample["rotation_angle"]


def _nxmx_module(detector: h5py.Group) -> None:
    module = group(detector, "module", "NXdetector_module")
    field(module, "data_origin", np.array([0, 0], dtype=np.int32))
    field(module, "data_size", np.array([4, 5], dtype=np.int32))
    for name in ("fast_pixel_direction", "slow_pixel_direction"):
        field(
            module,
            name,
            0.075,
            "mm",
            transformation_type="translation",
            vector=np.array([1.0, 0.0, 0.0] if name.startswith("fast") else [0.0, 1.0, 0.0]),
            offset=np.zeros(3),
            depends_on="/entry/instrument/detector/transformations/det_z",
        )


def nxmx(f: h5py.File) -> None:
    f.attrs["default"] = "entry"
    entry = group(f, "entry", "NXentry", default="data")
    field(entry, "definition", "NXmx")
    field(entry, "start_time", STAMP)
    field(entry, "end_time_estimated", "2024-05-01T10:05:00+02:00")
    instrument = group(entry, "instrument", "NXinstrument")
    field(instrument, "name", "MX beamline")
    field(instrument, "time_zone", "+02:00")
    detector_group = group(instrument, "detector_group", "NXdetector_group")
    field(detector_group, "group_names", np.array([b"detector"]))
    field(detector_group, "group_index", np.array([1], dtype=np.int32))
    field(detector_group, "group_parent", np.array([-1], dtype=np.int32))
    beam = group(instrument, "beam", "NXbeam")
    field(beam, "incident_wavelength", 0.98, "angstrom")
    field(beam, "incident_beam_size", np.array([0.05, 0.05]), "mm")
    field(beam, "profile", "Gaussian")
    field(beam, "incident_polarization_stokes", np.array([[1.0, 0.99, 0.0, 0.0]] * 2), "")
    detector = group(instrument, "detector", "NXdetector")
    field(detector, "data", np.zeros((2, 4, 5), dtype=np.uint16), "counts")
    field(detector, "description", "Pixel array detector")
    field(detector, "distance", 120.0, "mm")
    field(detector, "distance_derived", np.bool_(False))
    field(detector, "count_time", np.array([0.1, 0.1]), "s")
    field(detector, "beam_center_x", 2.0, "mm")
    field(detector, "beam_center_y", 2.5, "mm")
    field(detector, "pixel_mask", np.zeros((4, 5), dtype=np.int32))
    field(detector, "bit_depth_readout", np.int32(16))
    field(detector, "sensor_material", "Si")
    field(detector, "sensor_thickness", 0.45, "mm")
    field(detector, "depends_on", "/entry/instrument/detector/transformations/det_z")
    transformations = group(detector, "transformations", "NXtransformations")
    _transformation(transformations, "det_z", 120.0, "translation", [0, 0, 1], ".")
    _nxmx_module(detector)
    sample = group(entry, "sample", "NXsample")
    field(sample, "name", "lysozyme")
    field(sample, "depends_on", "/entry/sample/transformations/omega")
    stage = group(sample, "transformations", "NXtransformations")
    _transformation(stage, "omega", np.array([0.0, 0.1]), "rotation", [-1, 0, 0], ".")
    source = group(entry, "source", "NXsource")
    field(source, "name", "Synchrotron")
    data = group(entry, "data", "NXdata", signal="data")
    data["data"] = detector["data"]


def nxtomo(f: h5py.File) -> None:
    entry = group(f, "entry", "NXentry")
    field(entry, "definition", "NXtomo")
    field(entry, "title", "tomography")
    field(entry, "start_time", STAMP)
    instrument = group(entry, "instrument", "NXinstrument")
    detector = group(instrument, "detector", "NXdetector")
    field(detector, "data", np.zeros((4, 3, 2), dtype=np.int32), "counts")
    field(detector, "image_key", np.array([2, 1, 0, 0], dtype=np.int32))
    sample = group(entry, "sample", "NXsample")
    field(sample, "name", "rock")
    field(sample, "rotation_angle", np.array([0.0, 0.0, 0.0, 90.0]), "deg")
    data = group(entry, "data", "NXdata", signal="data", axes=["rotation_angle", ".", "."])
    data["data"] = detector["data"]
    data["rotation_angle"] = sample["rotation_angle"]
    data["image_key"] = detector["image_key"]


def synchrotron_entry(f: h5py.File, title: str, definition: str) -> tuple[h5py.Group, h5py.Group]:
    """An NXentry naming ``definition``, with an instrument whose source is a synchrotron."""
    entry = group(f, "entry", "NXentry")
    field(entry, "title", title)
    field(entry, "start_time", STAMP)
    field(entry, "definition", definition)
    instrument = group(entry, "instrument", "NXinstrument")
    source = group(instrument, "source", "NXsource")
    field(source, "type", "Synchrotron X-ray Source")
    field(source, "name", "Light source")
    field(source, "probe", "x-ray")
    return entry, instrument


def nxxas(f: h5py.File) -> None:
    entry, instrument = synchrotron_entry(f, "XAS scan", "NXxas")
    mono = group(instrument, "monochromator", "NXmonochromator")
    field(mono, "energy", np.linspace(7000.0, 7100.0, 5), "eV")
    for name in ("incoming_beam", "absorbed_beam"):
        detector = group(instrument, name, "NXdetector")
        field(detector, "data", np.ones(5), "counts")
    sample = group(entry, "sample", "NXsample")
    field(sample, "name", "Fe foil")
    monitor = group(entry, "monitor", "NXmonitor")
    field(monitor, "mode", "timer")
    field(monitor, "preset", 1.0, "s")
    field(monitor, "data", np.ones(5), "counts")
    data = group(entry, "data", "NXdata", signal="absorbed_beam", axes="energy")
    field(data, "mode", "Fluorescence Yield")
    data["energy"] = mono["energy"]
    data["absorbed_beam"] = instrument["absorbed_beam/data"]


def nxarpes(f: h5py.File) -> None:
    entry, instrument = synchrotron_entry(f, "ARPES map", "NXarpes")
    mono = group(instrument, "monochromator", "NXmonochromator")
    field(mono, "energy", 100.0, "eV")
    analyser = group(instrument, "analyser", "NXdetector")
    field(analyser, "data", np.zeros((1, 2, 3, 4)), "counts")
    field(analyser, "lens_mode", "Angular30")
    field(analyser, "acquisition_mode", "swept")
    field(analyser, "entrance_slit_shape", "straight")
    field(analyser, "entrance_slit_setting", 1.0, "")
    field(analyser, "entrance_slit_size", 0.2, "mm")
    field(analyser, "pass_energy", 20.0, "eV")
    field(analyser, "time_per_channel", 0.1, "s")
    field(analyser, "angles", np.linspace(-15.0, 15.0, 3), "deg")
    field(analyser, "energies", np.linspace(95.0, 96.0, 4), "eV")
    for name in ("sensor_size", "region_origin", "region_size"):
        field(analyser, name, np.array([3, 4], dtype=np.int32))
    sample = group(entry, "sample", "NXsample")
    field(sample, "name", "WSe2")
    field(sample, "temperature", 20.0, "K")
    data = group(entry, "data", "NXdata", signal="data")
    data["data"] = analyser["data"]


def nxsas(f: h5py.File) -> None:
    entry = group(f, "entry", "NXentry")
    field(entry, "definition", "NXsas")
    instrument = group(entry, "instrument", "NXinstrument")
    field(instrument, "name", "SAS camera")
    source = group(instrument, "source", "NXsource")
    field(source, "type", "Reactor Neutron Source")
    field(source, "probe", "neutron")
    mono = group(instrument, "monochromator", "NXmonochromator")
    field(mono, "wavelength", 6.0, "angstrom")
    detector = group(instrument, "detector", "NXdetector")
    field(detector, "data", np.zeros((8, 6), dtype=np.int32), "counts")
    field(detector, "distance", 4.0, "m")
    field(detector, "x_pixel_size", 5.0, "mm")
    field(detector, "y_pixel_size", 5.0, "mm")
    data = group(entry, "data", "NXdata", signal="data")
    data["data"] = detector["data"]


def nxcansas(f: h5py.File) -> None:
    f.attrs["default"] = "sasentry"
    entry = group(
        f, "sasentry", "NXentry", canSAS_class="SASentry", version="1.1", default="sasdata"
    )
    field(entry, "definition", "NXcanSAS")
    field(entry, "title", "glassy carbon")
    field(entry, "run", "1234")
    data = group(entry, "sasdata", "NXdata", canSAS_class="SASdata", signal="I", I_axes="Q")
    data.attrs["Q_indices"] = np.int32(0)
    data.attrs["mask"] = "mask"
    field(data, "Q", np.linspace(0.01, 0.3, 6), "1/angstrom")
    field(data, "I", np.linspace(10.0, 1.0, 6), "1/cm")
    field(data, "mask", np.zeros(6, dtype=np.int8))


FACTORIES: dict[str, Callable[[h5py.File], None]] = {
    "NXtest": nxtest,
    "NXmx": nxmx,
    "NXtomo": nxtomo,
    "NXxas": nxxas,
    "NXarpes": nxarpes,
    "NXsas": nxsas,
    "NXcanSAS": nxcansas,
}
