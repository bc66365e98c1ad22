"""``profile``: the radial profile of a detector frame (the Frames view draws it)."""

from __future__ import annotations

import functools

import tornado.web

from nxviz.frames.profile import GEOMETRY_FIELDS, MAX_BINS, ProfileRequest, frame_profile
from nxviz.server.args import choice_arg, float_arg, int_arg
from nxviz.server.data_handlers import FileHandler


class ProfileHandler(FileHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        arg = self.get_argument
        bins = int_arg(arg("bins", None), "bins", 0, low=0, high=MAX_BINS)
        given = ((name, float_arg(arg(name, None), name)) for name in GEOMETRY_FIELDS)
        request = ProfileRequest(
            selection=arg("selection", None),
            frames=arg("frames", None),
            combine=choice_arg(arg("combine", None), "combine", "sum", ("sum", "max")),
            mask=arg("mask", None),
            axis=choice_arg(arg("axis", None), "axis", "q", ("q", "two_theta")),
            bins=bins or None,
            geometry=tuple((name, value) for name, value in given if value is not None),
            max_bytes=self.service.max_bytes,
        )
        work = functools.partial(frame_profile, path=self.entity_path(), request=request)
        self.write_json(await self.in_file(work))
