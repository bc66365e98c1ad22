"""The walk reads through HDF5's C functions with reused buffers: validations in several
threads of one process (as dask's threaded workers run them) give each thread's file its own
findings, the same as one at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from nxviz.validation.engine import validate
from tests.validation.conftest import MakeFile
from tests.validation.mutations import set_value


def test_threads_give_the_findings_of_one_at_a_time(make_file: MakeFile) -> None:
    files = [make_file("NXmx"), make_file("NXtomo")]
    files.append(make_file("NXmx", set_value("/entry/instrument/detector/depends_on", "/nowhere")))
    alone = [validate(path).to_dict() for path in files]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda path: validate(path).to_dict(), files * 8))
    assert together == alone * 8
    assert alone[0] != alone[2]  # the broken depends_on is found in its own file only
