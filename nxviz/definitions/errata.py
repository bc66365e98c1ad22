"""Places where an NXDL definition contradicts itself. A file that follows the documentation
there breaks the letter of a constraint; validation reports a note naming the contradiction
instead of an error. Keyed by the member's NXDL path and what is contradicted: a symbol of its
dimensions, or ``"enumeration"``."""

from __future__ import annotations

CONTRADICTIONS: dict[tuple[str, str], str] = {
    ("NXmx/ENTRY/INSTRUMENT/DETECTOR_GROUP/group_index", "i"): (
        "NXmx gives group_index the dimension i (the symbol of the image's slow axis) while "
        "its documentation makes it one ID per name in group_names"
    ),
    ("NXmx/ENTRY/INSTRUMENT/DETECTOR/flatfield", "dataRank"): (
        "NXmx declares flatfield with rank dataRank (the rank of the stack of frames) but with "
        "the dimensions i, j of one frame"
    ),
    ("NXcanSAS/ENTRY/TRANSMISSION_SPECTRUM@T_axes", "enumeration"): (
        'NXcanSAS allows only "T" in @T_axes while documenting it as the wavelengths field '
        "(the axis of T)"
    ),
}


def contradiction(nxdl_path: str, what: str) -> str | None:
    """The contradiction the NXDL states at ``nxdl_path`` about ``what``, if one is known."""
    return CONTRADICTIONS.get((nxdl_path, what))
