"""One defect, one finding, in the right words (issue 14): which field a symbol conflict
blames, and what a finding says."""

from __future__ import annotations

import h5py
import numpy as np

from nxviz.validation.engine import validate
from nxviz.validation.issues import Code
from tests.validation.conftest import MakeFile
from tests.validation.mutations import add, set_value

DET = "/entry/instrument/detector"


def test_a_symbol_conflict_blames_the_odd_field_out(make_file: MakeFile) -> None:
    # data says j = 6; pixel_mask and flatfield say j = 5: data is the defect, though seen first
    def mutate(f: h5py.File) -> None:
        set_value(f"{DET}/data", np.zeros((2, 4, 6), dtype=np.uint16))(f)
        add(f"{DET}/flatfield", np.ones((4, 5)))(f)

    report = validate(make_file("NXmx", mutate))
    blamed = [i.path for i in report.issues if i.code is Code.INCONSISTENT_SYMBOL]
    assert blamed == [f"{DET}/data"]
    assert "symbol j is 5" in report.at(f"{DET}/data")[0].message
