"""NXtomo scans: frames told apart by ``image_key``, rotation angles, flat/dark correction.

``image_key`` 0 marks projections, 1 flat fields, 2 dark fields, 3 invalid frames. A projection
(or a sinogram, the side view of the projections at one detector row) is corrected as
−log((P − D) / (F − D)): D and F are the means of the dark and flat frames, the ratio is the
normalised transmission, clipped to a small positive value where it is not positive.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np

from nxviz.errors import NxvizError, UsageError
from nxviz.hdf5.locate import Found, Locator
from nxviz.hdf5.meta import nx_class_of
from nxviz.hdf5.nexus import attr_text, child, detectors, groups_of_class, text
from nxviz.hdf5.select import read_error

KEYS = {"projections": 0, "flats": 1, "darks": 2, "invalid": 3}
TRANSMISSION_FLOOR = 1e-6
MAX_REFERENCE_FRAMES = 200  # flats or darks averaged at most


@dataclass(frozen=True)
class Tomo:
    entry: str
    keys: np.ndarray  # image_key of each frame
    angles: np.ndarray | None  # rotation angle of each frame
    angle_units: str | None

    def indices(self, kind: str) -> np.ndarray:
        found: np.ndarray = np.flatnonzero(self.keys == KEYS[kind])
        return found

    def info(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "counts": {kind: int(self.indices(kind).size) for kind in KEYS},
            "frames": {kind: self.indices(kind).tolist() for kind in KEYS},
            "rotation_angle": None if self.angles is None else self.angles.tolist(),
            "rotation_angle_units": self.angle_units,
        }


def _entry(locator: Locator, found: Found) -> Found | None:
    parts = [p for p in found.path.split("/") if p]
    if not parts:
        return None
    entry = child(locator, Found(found.file["/"], found.file, "/"), parts[0])
    if entry is None or nx_class_of(entry.entity) != "NXentry":
        return None
    return entry


def _is_nxtomo(locator: Locator, entry: Found) -> bool:
    definition = child(locator, entry, "definition")
    if definition is not None and isinstance(definition.entity, h5py.Dataset):
        try:
            return (text(definition.entity[()]) or "").strip() == "NXtomo"
        except (OSError, TypeError, ValueError):
            return False
    return False


def _vector(locator: Locator, groups: list[Found], name: str, length: int) -> Found | None:
    for group in groups:
        got = child(locator, group, name)
        if got is not None and isinstance(got.entity, h5py.Dataset):
            if got.entity.shape == (length,) and got.entity.dtype.kind in "biuf":
                return got
    return None


def find_tomo(locator: Locator, found: Found) -> Tomo | None:
    """The NXtomo scan whose frames ``found`` (a 3-D dataset) holds, or None."""
    dataset = found.entity
    if not isinstance(dataset, h5py.Dataset) or dataset.ndim != 3:
        return None
    entry = _entry(locator, found)
    if entry is None or not _is_nxtomo(locator, entry):
        return None
    try:
        parent = locator.find(found.file, posixpath.dirname(found.path))
    except NxvizError:
        return None
    places = [parent, *detectors(locator, entry)]
    frames = int(dataset.shape[0])
    keys = _vector(locator, places, "image_key", frames)
    if keys is None:
        return None
    angles = _vector(
        locator, [parent, *groups_of_class(locator, entry, "NXsample")], "rotation_angle", frames
    )
    try:
        key_values = np.asarray(keys.entity[()], dtype=np.int64)
        angle_values = None if angles is None else np.asarray(angles.entity[()], dtype=np.float64)
    except OSError as error:
        raise read_error(keys.entity, error) from error
    units = None if angles is None else attr_text(angles.entity, "units")
    return Tomo(entry.path, key_values, angle_values, units)


def _mean_frames(dataset: h5py.Dataset, indices: np.ndarray) -> np.ndarray:
    total = np.zeros(dataset.shape[1:], dtype=np.float64)
    chosen = indices[:: max(1, -(-indices.size // MAX_REFERENCE_FRAMES))]
    try:
        for index in chosen:
            total += dataset[int(index)]
    except OSError as error:
        raise read_error(dataset, error) from error
    mean: np.ndarray = total / max(1, chosen.size)
    return mean


def references(locator: Locator, found: Found, tomo: Tomo) -> tuple[np.ndarray, np.ndarray]:
    """The mean flat and mean dark frames (remembered with the open file)."""
    dataset = found.entity
    assert isinstance(dataset, h5py.Dataset)
    flats, darks = tomo.indices("flats"), tomo.indices("darks")
    if flats.size == 0:
        raise UsageError("this NXtomo scan has no flat field (image_key 1) to correct with")

    def load() -> tuple[np.ndarray, np.ndarray]:
        flat = _mean_frames(dataset, flats)
        dark = _mean_frames(dataset, darks) if darks.size else np.zeros_like(flat)
        return flat, dark

    result: tuple[np.ndarray, np.ndarray] = locator.cache.memo(
        found.file, ("nxtomo-references", found.path), load
    )
    return result


def corrected(
    picture: np.ndarray,
    coords: tuple[np.ndarray, np.ndarray],
    index: int,
    axis: int,
    flat: np.ndarray,
    dark: np.ndarray,
) -> np.ndarray:
    """−log of the normalised transmission of a picture of frames (see the module's docstring).

    ``flat`` and ``dark`` are frames (the dataset's axes 1 and 2); the picture's pixels are at
    ``coords`` (frames first when the picture has frames), the slice at ``index`` along ``axis``.
    """

    def frame_part(frame: np.ndarray) -> np.ndarray:
        part: np.ndarray
        if axis == 0:  # a projection: rows and columns of the frame
            part = frame[np.ix_(coords[0], coords[1])]
            return part
        other = coords[1]  # the picture's rows are frames; its columns run along a frame axis
        part = frame[index, other] if axis == 1 else frame[other, index]
        return part.reshape(1, -1)

    f, d = frame_part(flat), frame_part(dark)
    with np.errstate(divide="ignore", invalid="ignore"):
        transmission = (picture.astype(np.float64) - d) / (f - d)
    transmission = np.where(np.isfinite(transmission), transmission, TRANSMISSION_FLOOR)
    result: np.ndarray = -np.log(np.maximum(transmission, TRANSMISSION_FLOOR))
    return result.astype(np.float32)
