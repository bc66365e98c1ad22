"""Single-defect mutations of a factory file, as functions of an open ``h5py.File``."""

from __future__ import annotations

from collections.abc import Callable

import h5py

Mutation = Callable[[h5py.File], None]


def delete(path: str) -> Mutation:
    def mutate(f: h5py.File) -> None:
        if "@" in path:
            obj, attr = path.split("@")
            del f[obj].attrs[attr]
        else:
            del f[path]

    return mutate


def set_value(path: str, value: object) -> Mutation:
    """Replace a field's value (keeping its attributes) or set an attribute."""

    def mutate(f: h5py.File) -> None:
        if "@" in path:
            obj, attr = path.split("@")
            f[obj].attrs[attr] = value
            return
        attrs = dict(f[path].attrs)
        del f[path]
        f[path] = value
        for key, item in attrs.items():
            f[path].attrs[key] = item

    return mutate


def add(path: str, value: object = 1.0) -> Mutation:
    def mutate(f: h5py.File) -> None:
        f[path] = value

    return mutate


def add_group(path: str, nx_class: str) -> Mutation:
    def mutate(f: h5py.File) -> None:
        f.create_group(path).attrs["NX_class"] = nx_class

    return mutate


def soft(path: str, target: str) -> Mutation:
    def mutate(f: h5py.File) -> None:
        f[path] = h5py.SoftLink(target)

    return mutate


def external(path: str, file: str, target: str) -> Mutation:
    def mutate(f: h5py.File) -> None:
        f[path] = h5py.ExternalLink(file, target)

    return mutate
