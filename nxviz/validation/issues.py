"""What validation finds: the closed :class:`Code` enum with its severity table, the frozen
:class:`Issue` and the :class:`Report` of one file. Pure data, JSON-serialisable."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Code(enum.Enum):
    """Every kind of finding, one per rule outcome. Values are the stable JSON codes."""

    # presence and occurrence (rule 1)
    MISSING_REQUIRED = "missing_required"
    MISSING_RECOMMENDED = "missing_recommended"
    MISSING_OPTIONAL = "missing_optional"
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"
    # NX_class (rule 2)
    WRONG_NX_CLASS = "wrong_nx_class"
    UNKNOWN_NX_CLASS = "unknown_nx_class"
    MISSING_NX_CLASS = "missing_nx_class"
    NX_CLASS_ON_FIELD = "nx_class_on_field"
    # names (rule 3)
    INVALID_NAME = "invalid_name"
    UNDOCUMENTED = "undocumented"
    DEPRECATED = "deprecated"
    # types, units, enumerations (rules 4-6)
    WRONG_TYPE = "wrong_type"
    LINE_TERMINATOR = "line_terminator"
    MISSING_UNITS = "missing_units"
    BAD_UNITS = "bad_units"
    UNRECOGNISED_UNITS = "unrecognised_units"
    WRONG_UNITS = "wrong_units"
    NOT_IN_ENUMERATION = "not_in_enumeration"
    NOT_IN_OPEN_ENUMERATION = "not_in_open_enumeration"
    # ranks and dimensions (rule 7)
    WRONG_RANK = "wrong_rank"
    WRONG_DIMENSION = "wrong_dimension"
    INCONSISTENT_SYMBOL = "inconsistent_symbol"
    # links (rule 8)
    BROKEN_LINK = "broken_link"
    WRONG_LINK_TARGET = "wrong_link_target"
    # NXdata (rule 9)
    NXDATA_SIGNAL = "nxdata_signal"
    NXDATA_NO_SIGNAL = "nxdata_no_signal"
    NXDATA_AXES = "nxdata_axes"
    NXDATA_INDICES = "nxdata_indices"
    NXDATA_AXIS_LENGTH = "nxdata_axis_length"
    NXDATA_ERRORS_SHAPE = "nxdata_errors_shape"
    # @default (rule 10)
    BAD_DEFAULT = "bad_default"
    DEFAULT_PATH = "default_path"
    # depends_on and NXtransformations (rule 11)
    DEPENDS_ON_MISSING = "depends_on_missing"
    DEPENDS_ON_CYCLE = "depends_on_cycle"
    BAD_TRANSFORMATION_TYPE = "bad_transformation_type"
    BAD_VECTOR = "bad_vector"
    # which definition applies
    UNKNOWN_DEFINITION = "unknown_definition"
    NO_DEFINITION = "no_definition"
    UNREADABLE = "unreadable"
    # the NXDL contradicts itself where the file follows its documentation
    NXDL_CONTRADICTION = "nxdl_contradiction"
    # the walk stopped at its limit in objects or time: the rest was not checked
    LIMIT_REACHED = "limit_reached"


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: The one place a code's severity is decided.
SEVERITY: dict[Code, Severity] = {
    Code.MISSING_REQUIRED: _E,
    Code.MISSING_RECOMMENDED: _W,
    Code.MISSING_OPTIONAL: _I,
    Code.TOO_FEW: _E,
    Code.TOO_MANY: _E,
    Code.WRONG_NX_CLASS: _E,
    Code.UNKNOWN_NX_CLASS: _E,
    Code.MISSING_NX_CLASS: _W,
    Code.NX_CLASS_ON_FIELD: _W,
    Code.INVALID_NAME: _W,
    Code.UNDOCUMENTED: _W,
    Code.DEPRECATED: _W,
    Code.WRONG_TYPE: _E,
    Code.LINE_TERMINATOR: _W,
    Code.MISSING_UNITS: _W,
    Code.BAD_UNITS: _E,
    Code.UNRECOGNISED_UNITS: _W,
    Code.WRONG_UNITS: _E,
    Code.NOT_IN_ENUMERATION: _E,
    Code.NOT_IN_OPEN_ENUMERATION: _I,
    Code.WRONG_RANK: _E,
    Code.WRONG_DIMENSION: _E,
    Code.INCONSISTENT_SYMBOL: _E,
    Code.BROKEN_LINK: _E,
    Code.WRONG_LINK_TARGET: _E,
    Code.NXDATA_SIGNAL: _E,
    Code.NXDATA_NO_SIGNAL: _W,
    Code.NXDATA_AXES: _E,
    Code.NXDATA_INDICES: _E,
    Code.NXDATA_AXIS_LENGTH: _E,
    Code.NXDATA_ERRORS_SHAPE: _E,
    Code.BAD_DEFAULT: _E,
    Code.DEFAULT_PATH: _W,
    Code.DEPENDS_ON_MISSING: _E,
    Code.DEPENDS_ON_CYCLE: _E,
    Code.BAD_TRANSFORMATION_TYPE: _E,
    Code.BAD_VECTOR: _E,
    Code.UNKNOWN_DEFINITION: _E,
    Code.NO_DEFINITION: _I,
    Code.UNREADABLE: _E,
    Code.NXDL_CONTRADICTION: _I,
    Code.LIMIT_REACHED: _E,
}


@dataclass(frozen=True, order=True)
class Issue:
    """One finding: ``path`` is an HDF5 path, ``/a/b@attr`` for an attribute; a finding about
    something missing carries the path the missing thing would have. ``nxdl`` names the spec."""

    path: str
    code: Code
    message: str
    nxdl: str = ""

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.code]

    def to_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity.value,
            "code": self.code.value,
            "path": self.path,
            "message": self.message,
            "nxdl": self.nxdl,
        }


def issue(code: Code, path: str, message: str, nxdl: str = "") -> Issue:
    return Issue(path=path, code=code, message=message, nxdl=nxdl)


@dataclass(frozen=True)
class EntryInfo:
    path: str
    definition: str | None


@dataclass(frozen=True)
class Report:
    """The findings of one file, sorted by path; immutable."""

    file: str
    nxdl_version: str
    entries: tuple[EntryInfo, ...] = ()
    issues: tuple[Issue, ...] = field(default=())

    @classmethod
    def build(
        cls, file: str, nxdl_version: str, entries: Iterable[EntryInfo], issues: Iterable[Issue]
    ) -> Report:
        unique = sorted(set(issues), key=lambda i: (i.path, i.code.value, i.message))
        return cls(file, nxdl_version, tuple(entries), tuple(unique))

    def counts(self) -> dict[str, int]:
        result = {s.value: 0 for s in Severity}
        for found in self.issues:
            result[found.severity.value] += 1
        return result

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    def codes(self) -> set[Code]:
        return {i.code for i in self.issues}

    def at(self, path: str) -> list[Issue]:
        return [i for i in self.issues if i.path == path]

    def file_dict(self) -> dict[str, Any]:
        """This file's part of the JSON contract (one element of ``"files"``)."""
        return {
            "file": self.file,
            "entries": [{"path": e.path, "definition": e.definition} for e in self.entries],
            "findings": [i.to_dict() for i in self.issues],
            "counts": self.counts(),
        }

    def to_dict(self) -> dict[str, Any]:
        """The whole JSON contract for this one file."""
        from nxviz.validation.render import contract

        return contract([self])

    def to_text(self, verbose: bool = False) -> str:
        from nxviz.validation.render import text

        return text([self], verbose)

    def to_junit(self) -> str:
        from nxviz.validation.render import junit

        return junit([self])

    def to_html(self) -> str:
        from nxviz.validation.render import html

        return html(self)

    def _repr_html_(self) -> str:
        return self.to_html()
