"""The ``marketsim`` command a wheel installs: the binary the wheel carries, run as is."""

import os
import sys

from ._binary import BUNDLED


def main():
    # Only the bundled binary: looking on the PATH could find this very script again.
    if not os.access(BUNDLED, os.X_OK):
        sys.exit(f"marketsim: this installation carries no binary at {BUNDLED}; install the wheel built by scripts/package --wheel")
    os.execv(BUNDLED, [str(BUNDLED)] + sys.argv[1:])
