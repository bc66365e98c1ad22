"""The state one validation carries while it descends a file: which tree, which definitions,
which entry, and the symbol bindings of that entry. A new context is made for every call of
:func:`nxviz.validation.engine.validate`; nothing here is shared between validations."""

from __future__ import annotations

from dataclasses import dataclass, field

from nxviz.definitions.compile import DefinitionSet
from nxviz.definitions.model import Definition
from nxviz.validation.walk import Tree


@dataclass(frozen=True)
class Binding:
    """One field's evidence for a symbol's value. ``erratum`` names an NXDL contradiction
    when the NXDL itself gives this field a symbol its documentation does not mean: such a
    field does not vote, and a mismatch is a note."""

    value: int
    path: str
    where: str
    nxdl: str
    erratum: str | None = None
    #: the NXDL marks the field as an axis: it may be one longer (histogram bin edges)
    edges: bool = False


@dataclass
class Context:
    tree: Tree
    definitions: DefinitionSet
    verbose: bool = False
    definition: Definition | None = None
    entry: str = "/"
    #: evidence for each symbol keyed by (defining NXDL, scope path, symbol); shared by the
    #: contexts of one validation and resolved by majority once the walk is done
    symbols: dict[tuple[str, str, str], list[Binding]] = field(default_factory=dict)

    def scope(self, origin: str, group_path: str) -> str:
        """Symbols of the application definition are scoped to the entry, those of a base
        class to the group that instantiates it."""
        if self.definition is not None and origin == self.definition.name:
            return self.entry
        return group_path

    def for_entry(self, definition: Definition | None, entry: str) -> Context:
        return Context(self.tree, self.definitions, self.verbose, definition, entry, self.symbols)
