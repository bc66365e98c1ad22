"""The typed, frozen model of NXDL that validation works on.

A :class:`Definition` is what one NXDL file says once its ``extends`` chain and the base classes
of its groups are resolved (see :mod:`nxviz.definitions.compile`). Everything here is immutable,
so one compiled definition can be shared by any number of concurrent validations.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from functools import cached_property


class Requirement(enum.Enum):
    """How strongly a definition asks for a member."""

    REQUIRED = "required"
    RECOMMENDED = "recommended"
    OPTIONAL = "optional"


class NameType(enum.Enum):
    """How the NXDL ``name`` of a member is read (NXDL ``nameType``)."""

    SPECIFIED = "specified"  # exactly this name
    ANY = "any"  # any name not already used in the group
    PARTIAL = "partial"  # capital letters substitutable, the rest literal


@dataclass(frozen=True)
class Occurrence:
    """minOccurs/maxOccurs and the requirement they imply; ``maximum`` None is unbounded."""

    requirement: Requirement
    minimum: int = 0
    maximum: int | None = None


@dataclass(frozen=True)
class Dim:
    """One ``<dim>``: its 1-based index and its size, an integer or a symbol (``"nP"``)."""

    index: int
    value: str | None
    required: bool = True

    @property
    def size(self) -> int | None:
        """The fixed size when the value is an integer literal."""
        return int(self.value) if self.value is not None and self.value.isdigit() else None

    @property
    def symbol(self) -> str | None:
        """The symbol this dimension names, when it is a plain identifier."""
        value = self.value
        return value if value is not None and value.isidentifier() else None


@dataclass(frozen=True)
class Dimensions:
    """A ``<dimensions>`` element: the rank (integer, symbol or unknown) and its dims."""

    rank: str | None
    dims: tuple[Dim, ...] = ()
    #: stated by a base class: its dimensions are "merely illustrative" (NXdetector's words),
    #: so only an application definition's dimensions are enforced
    advisory: bool = False

    @property
    def fixed_rank(self) -> int | None:
        if self.rank is not None and self.rank.isdigit():
            return int(self.rank)
        if self.rank is None and self.dims:
            return max(d.index for d in self.dims)
        return None


@dataclass(frozen=True)
class Symbol:
    name: str
    doc: str = ""


@dataclass(frozen=True)
class Enumeration:
    """Allowed values; an ``open`` enumeration only suggests them."""

    items: tuple[str, ...]
    open: bool = False


@dataclass(frozen=True)
class Member:
    """What fields, groups, attributes and links share: a name and how it is matched."""

    name: str
    name_type: NameType
    occurrence: Occurrence
    nxdl_path: str
    origin: str  # the definition that states this member (for symbol scoping)
    deprecated: str | None = None
    #: the line of the origin's NXDL file that states this member
    line: int = 0

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """For a partial name: capitals substitutable (possibly empty), the rest literal."""
        if self.name_type is not NameType.PARTIAL:
            return None
        parts = re.split(r"([A-Z]+)", self.name)
        regex = "".join(
            "[A-Za-z0-9_.]*" if part.isupper() else re.escape(part) for part in parts if part
        )
        return re.compile(f"^{regex}$")

    def accepts_name(self, name: str) -> bool:
        if self.name_type is NameType.SPECIFIED:
            return name == self.name
        if self.name_type is NameType.ANY:
            return True
        pattern = self.pattern
        return pattern is not None and pattern.match(name) is not None


@dataclass(frozen=True)
class AttributeSpec(Member):
    type: str | None = None
    enumeration: Enumeration | None = None
    dimensions: Dimensions | None = None


@dataclass(frozen=True)
class FieldSpec(Member):
    type: str | None = None
    units: str | None = None
    enumeration: Enumeration | None = None
    dimensions: Dimensions | None = None
    attributes: tuple[AttributeSpec, ...] = ()
    #: the NXDL text allows pixels as the unit ("in physical units or pixels")
    pixel_units: bool = False
    #: the NXDL marks the field as an axis of its group's data (its ``axis`` attribute), so
    #: it may hold histogram bin edges, one value more than the data (NXdata's rule 6)
    axis: bool = False


@dataclass(frozen=True)
class LinkSpec(Member):
    target: str = ""


@dataclass(frozen=True)
class GroupSpec(Member):
    type: str = "NXobject"
    fields: tuple[FieldSpec, ...] = ()
    groups: tuple[GroupSpec, ...] = ()
    attributes: tuple[AttributeSpec, ...] = ()
    links: tuple[LinkSpec, ...] = ()
    #: True when an application definition states this group (it then governs its members).
    governed: bool = False

    def members(self) -> tuple[Member, ...]:
        return (*self.fields, *self.groups, *self.links)


@dataclass(frozen=True)
class Definition:
    """One compiled NXDL definition (an application, a base class or a contributed one)."""

    name: str
    category: str
    extends: str | None
    version: str
    root: GroupSpec
    symbols: tuple[Symbol, ...] = field(default=())
    source: str = ""

    @property
    def is_base_class(self) -> bool:
        return self.category == "base"
