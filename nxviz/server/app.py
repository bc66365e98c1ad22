"""Route table under ``base_url/nxviz/api`` and the wiring into the Jupyter server."""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import Any

from jupyter_server.utils import url_path_join

from nxviz.server.config import NxvizService
from nxviz.server.data_handlers import AttrHandler, DataHandler, MetaHandler
from nxviz.server.fair_handler import FairHandler
from nxviz.server.frames_handlers import ProfileHandler
from nxviz.server.handlers import DefinitionsHandler
from nxviz.server.heap import Settler
from nxviz.server.image_handlers import ImageHandler, StatsHandler
from nxviz.server.nexus_handlers import NexusHandler, PlotHandler
from nxviz.server.pyramid_handler import PyramidHandler, stop_builds
from nxviz.server.search_handler import SearchHandler
from nxviz.server.validate_handler import ValidateHandler
from nxviz.server.volume_handlers import LineHandler, SliceHandler, VolumeHandler
from nxviz.server.xrf_handlers import ROUTES as XRF_ROUTES

API = "nxviz/api"

#: endpoint name -> handler class
ROUTES: dict[str, type] = {
    "definitions": DefinitionsHandler,
    "meta": MetaHandler,
    "attr": AttrHandler,
    "data": DataHandler,
    "image": ImageHandler,
    "stats": StatsHandler,
    "profile": ProfileHandler,
    "nexus": NexusHandler,
    "plot": PlotHandler,
    "validate": ValidateHandler,
    "fair": FairHandler,
    "search": SearchHandler,
    "volume": VolumeHandler,
    "slice": SliceHandler,
    "pyramid": PyramidHandler,
    "line": LineHandler,
    **XRF_ROUTES,
}


def setup(server_app: Any) -> None:
    web_app = server_app.web_app
    contents = getattr(server_app, "contents_manager", None)
    service = NxvizService(
        root_dir=Path(server_app.root_dir),
        allow_hidden=bool(getattr(contents, "allow_hidden", False)),
        parent=server_app,
    )
    web_app.settings["nxviz"] = service
    base_url = web_app.settings["base_url"]
    handlers = [(url_path_join(base_url, API, name), cls) for name, cls in ROUTES.items()]
    web_app.add_handlers(".*$", handlers)
    server_app.log.info(
        "nxviz: serving %s under %s", service.root_dir, url_path_join(base_url, API)
    )
    # The worker processes start in the background (each builds the unit registry for NXmx
    # geometry, ~0.3 s, before its first request): JupyterLab's start does not wait for them.
    service.pool.start_in_background()
    # Jupyter's own objects (~220,000 with JupyterLab) out of the garbage collector's full
    # passes once the server is up: a pass held the event loop ~170 ms (CPU, loaded machine).
    service.settler = Settler(server_app.io_loop, service.settle_heap_after)
    # Jupyter Server 2 calls the shutdown hooks of extension apps only, never a module's
    # _unload_jupyter_server_extension: the pyramid builds stop when this process exits.
    atexit.unregister(stop_builds)  # once, however many servers this process starts
    atexit.register(stop_builds)


def teardown(server_app: Any) -> None:
    """Stop the pyramid builds and the worker processes (Jupyter calls this when it stops)."""
    stop_builds()
    service = server_app.web_app.settings.get("nxviz")
    if isinstance(service, NxvizService):
        service.close()
