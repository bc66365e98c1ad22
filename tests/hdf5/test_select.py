"""Selections parsed strictly and bounded against the dataset's shape."""

from __future__ import annotations

import numpy as np
import pytest

from nxviz.errors import SelectionError
from nxviz.hdf5.locate import normalise
from nxviz.hdf5.select import frame_selection, parse_selection


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        (None, (4, 5, 6)),
        ("", (4, 5, 6)),
        ("1", (4, 5, 6)),
        ("-1, 1:4", (4, 5, 6)),
        ("::2, 3:, :-2", (4, 5, 6)),
        ("0:100", (4, 5, 6)),
        ("", ()),
    ],
)
def test_selection_matches_numpy(text: str | None, shape: tuple[int, ...]):
    array = np.arange(int(np.prod(shape))).reshape(shape)
    selection = parse_selection(text, shape)
    expected = array[eval(f"np.s_[{text}]")] if text else array  # noqa: S307 - test literals
    assert array[selection.members].shape == expected.shape == selection.shape
    np.testing.assert_array_equal(array[selection.members], expected)
    assert selection.nbytes(np.dtype("<u4")) == 4 * max(1, expected.size)


@pytest.mark.parametrize(
    "text", ["4", "-5", "0,0,0,0", "a", "1:2:0", "1:2:3:4", ",", "1.5", "x" * 2000]
)
def test_bad_selections_are_refused(text: str):
    with pytest.raises(SelectionError):
        parse_selection(text, (4, 5, 6))


def test_frame_selection_defaults_to_the_first_frame():
    assert frame_selection(None, (3, 2, 10, 20)) == ((0, 0), (slice(0, 10, 1), slice(0, 20, 1)))
    assert frame_selection("2", (3, 10, 20)) == ((2,), (slice(0, 10, 1), slice(0, 20, 1)))
    with pytest.raises(SelectionError):
        frame_selection("0", (10,))
    with pytest.raises(SelectionError):
        frame_selection("0:2", (3, 10, 20))


@pytest.mark.parametrize(
    ("path", "expected"),
    [(None, "/"), ("", "/"), ("a/b", "/a/b"), ("/a//b/", "/a/b"), ("/a/../b", "/b"), ("/..", "/")],
)
def test_paths_are_normalised(path: str | None, expected: str):
    assert normalise(path) == expected
