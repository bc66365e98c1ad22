"""Single-defect mutants of the six standard application definitions' minimal files."""

from __future__ import annotations

from collections.abc import Callable

import h5py
import numpy as np
import pytest

from nxviz.validation.engine import validate
from nxviz.validation.issues import SEVERITY, Code
from tests.validation.conftest import MakeFile
from tests.validation.mutations import delete, set_value

DET = "/entry/instrument/detector"


MX_DET = "/entry/instrument/detector"


def _unlink_image_key(f: h5py.File) -> None:
    del f["/entry/data/image_key"]
    f["/entry/data/image_key"] = np.zeros(4, dtype=np.int32)


APPLICATION_MUTANTS = [
    pytest.param(
        "NXmx",
        delete("/entry/instrument/beam/incident_wavelength"),
        Code.MISSING_REQUIRED,
        "/entry/instrument/beam/incident_wavelength",
        id="NXmx-missing-wavelength",
    ),
    pytest.param(
        "NXmx",
        set_value(f"{MX_DET}/module/fast_pixel_direction@vector", np.ones(2)),
        Code.BAD_VECTOR,
        f"{MX_DET}/module/fast_pixel_direction@vector",
        id="NXmx-module-vector",
    ),
    pytest.param(
        "NXmx",
        set_value(f"{MX_DET}/depends_on", "/entry/instrument/detector/transformations/gone"),
        Code.DEPENDS_ON_MISSING,
        f"{MX_DET}/depends_on",
        id="NXmx-depends-on-missing",
    ),
    pytest.param(
        "NXmx",
        set_value("/entry/sample/transformations/omega@depends_on", "omega"),
        Code.DEPENDS_ON_CYCLE,
        "/entry/sample/transformations/omega@depends_on",
        id="NXmx-self-cycle",
    ),
    pytest.param(
        "NXmx",
        set_value("/entry/instrument/beam/profile", "square"),
        Code.NOT_IN_ENUMERATION,
        "/entry/instrument/beam/profile",
        id="NXmx-profile-enumeration",
    ),
    pytest.param(
        "NXmx",
        set_value(f"{MX_DET}/pixel_mask", np.zeros((4, 6), dtype=np.int32)),
        Code.INCONSISTENT_SYMBOL,
        f"{MX_DET}/pixel_mask",
        id="NXmx-mask-size",
    ),
    pytest.param(
        "NXtomo",
        _unlink_image_key,
        Code.WRONG_LINK_TARGET,
        "/entry/data/image_key",
        id="NXtomo-image-key-not-linked",
    ),
    pytest.param(
        "NXtomo",
        set_value("/entry/sample/rotation_angle@units", "mm"),
        Code.WRONG_UNITS,
        "/entry/sample/rotation_angle@units",
        id="NXtomo-angle-in-mm",
    ),
    pytest.param(
        "NXtomo",
        set_value(f"{DET}/image_key", np.zeros(5, dtype=np.int32)),
        Code.INCONSISTENT_SYMBOL,
        f"{DET}/image_key",
        id="NXtomo-frames-symbol",
    ),
    pytest.param(
        "NXxas",
        set_value("/entry/monitor/mode", "sometimes"),
        Code.NOT_IN_ENUMERATION,
        "/entry/monitor/mode",
        id="NXxas-monitor-mode",
    ),
    pytest.param(
        "NXxas",
        delete("/entry/instrument/monochromator/energy@units"),
        Code.MISSING_UNITS,
        "/entry/instrument/monochromator/energy@units",
        id="NXxas-energy-units",
    ),
    pytest.param(
        "NXxas",
        delete("/entry/sample"),
        Code.MISSING_REQUIRED,
        "/entry/SAMPLE",
        id="NXxas-missing-variadic-sample",
    ),
    pytest.param(
        "NXarpes",
        set_value("/entry/instrument/source/probe", "neutron"),
        Code.NOT_IN_ENUMERATION,
        "/entry/instrument/source/probe",
        id="NXarpes-probe",
    ),
    pytest.param(
        "NXarpes",
        set_value("/entry/start_time", "01/05/2024"),
        Code.WRONG_TYPE,
        "/entry/start_time",
        id="NXarpes-start-time",
    ),
    pytest.param(
        "NXarpes",
        set_value("/entry/instrument/analyser/sensor_size", np.array([3, 4, 5], dtype=np.int32)),
        Code.WRONG_DIMENSION,
        "/entry/instrument/analyser/sensor_size",
        id="NXarpes-fixed-dimension",
    ),
    pytest.param(
        "NXsas",
        set_value(f"{DET}/distance@units", "deg"),
        Code.WRONG_UNITS,
        f"{DET}/distance@units",
        id="NXsas-distance-in-degrees",
    ),
    pytest.param(
        "NXsas",
        set_value("/entry/instrument/source@NX_class", "NXsample"),
        Code.MISSING_REQUIRED,
        "/entry/instrument/SOURCE",
        id="NXsas-source-class",
    ),
    pytest.param(
        "NXsas",
        set_value(f"{DET}/x_pixel_size", np.int32(5)),
        Code.WRONG_TYPE,
        f"{DET}/x_pixel_size",
        id="NXsas-pixel-size-int",
    ),
    pytest.param(
        "NXcanSAS",
        set_value("/sasentry/sasdata/Q@units", "1/A"),
        Code.NOT_IN_ENUMERATION,
        "/sasentry/sasdata/Q@units",
        id="NXcanSAS-Q-units-enumeration",
    ),
    pytest.param(
        "NXcanSAS",
        set_value("/sasentry@version", "2.0"),
        Code.NOT_IN_ENUMERATION,
        "/sasentry@version",
        id="NXcanSAS-version",
    ),
    pytest.param(
        "NXcanSAS",
        set_value("/sasentry/sasdata@signal", "J"),
        Code.NXDATA_SIGNAL,
        "/sasentry/sasdata@signal",
        id="NXcanSAS-signal",
    ),
    pytest.param(
        "NXcanSAS",
        set_value("/sasentry@default", "nowhere"),
        Code.BAD_DEFAULT,
        "/sasentry@default",
        id="NXcanSAS-default",
    ),
]


@pytest.mark.parametrize(("definition", "mutate", "code", "path"), APPLICATION_MUTANTS)
def test_application_mutant_yields_its_code(
    make_file: MakeFile,
    definition: str,
    mutate: Callable[[h5py.File], None],
    code: Code,
    path: str,
) -> None:
    report = validate(make_file(definition, mutate))
    found = [i for i in report.issues if i.code is code and i.path == path]
    assert found, (
        f"{code.value} not at {path}; got {[(i.code.value, i.path) for i in report.issues]}"
    )
    assert found[0].severity is SEVERITY[code]
    assert found[0].nxdl
