"""The errors nxviz raises, one hierarchy rooted at :class:`NxvizError`.

::

    NxvizError                      code              meaning
    ├── UsageError                  bad_request       a bad argument (query parameter, CLI option)
    │   └── SelectionError          bad_selection     a selection that does not fit the dataset
    ├── FileAccessError             file_not_found    the file cannot be found or opened
    │   ├── OutsideRootError        outside_root      the path leaves the allowed root directory
    │   │   └── ForeignFileError    foreign_file      HDF5 would read another file outside the root
    │   │                                             (external storage, a virtual dataset's
    │   │                                             source, an external link's target)
    │   ├── NotHDF5Error            not_hdf5          the file is not HDF5
    │   ├── MissingFilterError      missing_filter    a compression filter is not available
    │   ├── DamagedFileError        damaged_file      HDF5 cannot read the file's structure
    │   ├── FileChangedError        file_changed      the file changed while it was read
    │   └── UnresponsiveFileError   file_unresponsive the file ran past the time bound before
    ├── EntityNotFoundError         entity_not_found  no such path in the file (or dangling link)
    ├── TooLargeError               too_large         the answer would exceed the configured limit
    ├── TimeLimitError              timeout           the request ran past the server's time bound
    ├── RequestCancelledError       cancelled         the client has gone (nobody is answered)
    ├── UnsupportedTypeError        unsupported_type  a dtype this operation cannot handle
    └── DefinitionError             definition_error  an NXDL definition is unusable
        ├── DefinitionNotFoundError nxdl_not_found    no definition of that name
        └── NXDLSyntaxError         nxdl_syntax       the NXDL file is not valid against nxdl.xsd

Every class carries a stable machine ``code``; clients branch on it, never on message text.
The core never chooses HTTP status codes: ``nxviz.server.errors`` maps classes to them.
"""

from __future__ import annotations


class NxvizError(Exception):
    """Root of every error nxviz raises on purpose."""

    code = "nxviz_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(NxvizError, ValueError):
    code = "bad_request"


class SelectionError(UsageError):
    code = "bad_selection"


class FileAccessError(NxvizError, OSError):
    code = "file_not_found"


class OutsideRootError(FileAccessError):
    code = "outside_root"


class ForeignFileError(OutsideRootError):
    code = "foreign_file"


class NotHDF5Error(FileAccessError):
    code = "not_hdf5"


class MissingFilterError(FileAccessError):
    code = "missing_filter"


class DamagedFileError(FileAccessError):
    code = "damaged_file"


class FileChangedError(FileAccessError):
    code = "file_changed"


class EntityNotFoundError(NxvizError, KeyError):
    code = "entity_not_found"

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class TooLargeError(NxvizError):
    code = "too_large"


class UnsupportedTypeError(NxvizError, TypeError):
    code = "unsupported_type"


class DefinitionError(NxvizError):
    code = "definition_error"


class DefinitionNotFoundError(DefinitionError, LookupError):
    code = "nxdl_not_found"


class NXDLSyntaxError(DefinitionError):
    code = "nxdl_syntax"


class RequestCancelledError(NxvizError):
    """The request's client has gone: the work stops (nobody reads the answer)."""

    code = "cancelled"


class TimeLimitError(NxvizError):
    """The request ran past the server's time bound; its worker was stopped."""

    code = "timeout"


class UnresponsiveFileError(FileAccessError):
    """The file made a request run past the time bound before: refused until it changes."""

    code = "file_unresponsive"
