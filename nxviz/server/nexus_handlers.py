"""``nexus``: entries, definitions, default plots and NXmx detector geometry of a file;
``plot``: the plot a group opens on (its @default chain, the NeXus rules, or the first
plottable dataset) and why.

The answer also carries ``default_meta``: the default NXdata group's metadata as ``meta`` gives
it (first page of children), so the view that opens on the default plot needs no further
metadata request.
"""

from __future__ import annotations

from typing import Any

import h5py
import tornado.web

from nxviz.errors import NxvizError
from nxviz.hdf5.locate import Locator, normalise
from nxviz.hdf5.meta import entity_metadata
from nxviz.hdf5.nexus import describe_file
from nxviz.hdf5.plot import default_plot
from nxviz.server.data_handlers import FileHandler


def nexus_answer(locator: Locator, h5file: h5py.File) -> dict[str, Any]:
    # the walk reaches the entries, the default plot and its signal by several ways: each link
    # is followed once
    with locator.remembering():
        answer = describe_file(locator, h5file)
        default = answer["default"]
        try:
            answer["default_meta"] = entity_metadata(locator, h5file, default) if default else None
        except NxvizError:
            answer["default_meta"] = None  # the views ask `meta` and report what is wrong
    return answer


class NexusHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        self.write_json(await self.in_file(nexus_answer))


def plot_answer(locator: Locator, h5file: h5py.File, path: str) -> dict[str, Any]:
    with locator.remembering():  # the NXdata's signal, axes and errors are reached again
        return default_plot(locator, h5file, path)


class PlotHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        path = normalise(self.entity_path())
        self.write_json(await self.in_file(plot_answer, path))
