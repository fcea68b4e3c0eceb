"""Where the marketsim binary is: the one a user named, the one the wheel carries, or the PATH's."""

import os
import shutil
from pathlib import Path

# The wheel carries the release tree under the package, so the binary finds its shipped
# scenarios at ../share/marketsim/Scenarios as it does in an unpacked tarball.
BUNDLED = Path(__file__).resolve().parent / "_release" / "bin" / "marketsim"


class BinaryNotFoundError(FileNotFoundError):
    """No marketsim binary: not named by MARKETSIM_BINARY, not in the wheel, not on the PATH."""


def binary():
    """The path of the marketsim binary this package runs.

    In order: ``MARKETSIM_BINARY`` when set (an explicit choice wins, e.g. a build of a
    checkout), the binary inside the wheel, then ``marketsim`` on the PATH.
    """
    named = os.environ.get("MARKETSIM_BINARY")
    if named:
        if not (os.path.isfile(named) and os.access(named, os.X_OK)):
            raise BinaryNotFoundError(f"MARKETSIM_BINARY={named}: not an executable file")
        return named
    if BUNDLED.is_file() and os.access(BUNDLED, os.X_OK):
        return str(BUNDLED)
    on_path = shutil.which("marketsim")
    if on_path:
        return on_path
    raise BinaryNotFoundError(
        "no marketsim binary: install the wheel that carries one (scripts/package --wheel), "
        "put bin/ of a release on the PATH, or set MARKETSIM_BINARY to the binary's path"
    )
