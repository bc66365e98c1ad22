"""Errors to HTTP: a status code per error class and the JSON body ``{"code", "message"}``."""

from __future__ import annotations

from typing import TypedDict

from nxviz import errors as e


class ErrorBody(TypedDict):
    code: str
    message: str


#: Looked up along the exception's MRO, most specific class first.
STATUS: dict[type[BaseException], int] = {
    e.UsageError: 400,
    e.OutsideRootError: 403,
    e.NotHDF5Error: 415,
    e.MissingFilterError: 415,
    e.DamagedFileError: 422,
    e.FileChangedError: 409,
    e.UnresponsiveFileError: 422,
    e.FileAccessError: 404,
    e.EntityNotFoundError: 404,
    e.TooLargeError: 413,
    e.TimeLimitError: 504,
    e.UnsupportedTypeError: 415,
    e.DefinitionNotFoundError: 404,
    e.DefinitionError: 500,
}

HTTP_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    414: "uri_too_long",
}


def status_for(error: BaseException) -> int:
    for cls in type(error).__mro__:
        status = STATUS.get(cls)
        if status is not None:
            return status
    return 500


def body_for(error: BaseException) -> ErrorBody:
    if isinstance(error, e.NxvizError):
        return {"code": error.code, "message": error.message}
    return {"code": "internal_error", "message": f"internal error: {type(error).__name__}"}
