"""Build hook: compiles the validator's attribute reader (``nxviz/validation/_h5attrs.c`` and
``_h5group.c``, one module) with
the machine's C compiler and this Python's headers. It needs no HDF5 headers and links no HDF5
library (the functions are found at run time in the library h5py ships). Where it cannot be
compiled (no compiler, no headers) the install goes on without it and the walk reads
attributes through ctypes: the same values, about a quarter slower on large files.

An editable install writes the module beside its source (the source tree is what is
imported); a wheel carries it and is tagged for this Python and platform.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = "nxviz/validation/_h5attrs.c"
#: compiled with SOURCE into the same module
MORE = ("nxviz/validation/_h5group.c",)


class CompiledReader(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        source = Path(self.root) / SOURCE
        suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        name = f"_h5attrs{suffix}"
        if version == "editable":
            target = source.with_name(name)
            target.unlink(missing_ok=True)  # a failed build leaves no stale module behind
        else:
            target = Path(tempfile.mkdtemp(prefix="nxviz-build-")) / name
        compiler = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")
        include = sysconfig.get_paths()["include"]
        command = [*compiler, "-O2", "-shared", "-fPIC", f"-I{include}", str(source)]
        command += [str(Path(self.root) / more) for more in MORE]
        try:
            subprocess.run(  # noqa: S603 - the build's own compiler on the project's source
                [*command, "-o", str(target)], check=True, capture_output=True, timeout=300
            )
        except (OSError, subprocess.SubprocessError) as error:
            detail = getattr(error, "stderr", b"") or b""
            self.app.display_warning(
                f"nxviz: the compiled attribute reader was not built ({error}; "
                f"{detail.decode(errors='replace').strip()[:300]}); the ctypes reader is used"
            )
            return
        if version != "editable":
            build_data["force_include"][str(target)] = f"nxviz/validation/{name}"
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
