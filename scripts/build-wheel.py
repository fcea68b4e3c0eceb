"""Builds marketsim's wheel: the Python package of python/ with a release tree inside it.

Usage (scripts/package --wheel calls it with the folder it has just assembled):

    python3 scripts/build-wheel.py --release DIR --python python/ --out dist/

The release tree (bin/marketsim, share/marketsim/Scenarios, LICENSE, licenses/) goes
under marketsim/_release/, where the package looks for the binary first and where the
binary finds its scenarios as in an unpacked tarball. The binary needs this machine's
glibc or newer, so the wheel is tagged manylinux_<glibc>_<arch>; it holds no Python
extension, so it serves any Python 3. Written with the standard library only, entries
sorted and timestamps fixed: the same inputs give the same wheel.
"""

import argparse
import base64
import hashlib
import os
import platform
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def glibc_tag():
    name, version = os.confstr("CS_GNU_LIBC_VERSION").split()
    if name != "glibc":
        sys.exit(f"build-wheel: the C library is {name}, not glibc; no manylinux tag applies")
    major, minor = version.split(".")[:2]
    return f"manylinux_{major}_{minor}_{platform.machine()}"


def package_version(package):
    text = (package / "__init__.py").read_text()
    return re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE).group(1)


def binary_version(binary):
    output = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    return re.match(r"marketsim (\S+)", output).group(1)


def metadata(project, version, readme):
    lines = [
        "Metadata-Version: 2.4",
        f"Name: {project['name']}",
        f"Version: {version}",
        "Summary: " + package_summary(readme),
        f"License-Expression: {project['license']}",
        "License-File: LICENSE",
        f"Requires-Python: {project['requires-python']}",
    ]
    lines += [f"Requires-Dist: {dependency}" for dependency in project["dependencies"]]
    lines.append("Description-Content-Type: text/markdown")
    return "\n".join(lines) + "\n\n" + readme


def package_summary(readme):
    paragraphs = [p for p in readme.split("\n\n") if p and not p.startswith("#")]
    return " ".join(paragraphs[0].split())


def shipped_in_wheel(relative):
    """The release's files but the notebooks (a wheel is no place to open them from) and
    SHA256SUMS (the wheel's RECORD checks every file)."""
    if relative.parts[0] == "share":
        return relative.parts[:3] in (("share", "marketsim", "Scenarios"), ("share", "marketsim", "docs"))
    return relative.name != "SHA256SUMS"


def main():
    parser = argparse.ArgumentParser(description="Build marketsim's wheel around a release tree.")
    parser.add_argument("--release", type=Path, required=True, help="an assembled release folder (bin/, share/, ...)")
    parser.add_argument("--python", type=Path, required=True, help="the python/ folder of the repository")
    parser.add_argument("--out", type=Path, required=True, help="where to write the wheel")
    arguments = parser.parse_args()

    project = tomllib.loads((arguments.python / "pyproject.toml").read_text())["project"]
    package = arguments.python / "marketsim"
    version = package_version(package)
    binary = arguments.release / "bin" / "marketsim"
    if binary_version(binary) != version:
        sys.exit(f"build-wheel: the package says {version} but {binary} says {binary_version(binary)}; "
                 "keep python/marketsim/__init__.py's __version__ equal to Sources/MarketModel/Version.swift")

    tag = f"py3-none-{glibc_tag()}"
    dist_info = f"marketsim-{version}.dist-info"
    entries = {}  # path in the wheel -> (bytes, executable)
    for path in sorted(package.rglob("*.py")):
        entries[f"marketsim/{path.relative_to(package).as_posix()}"] = (path.read_bytes(), False)
    for path in sorted(arguments.release.rglob("*")):
        relative = path.relative_to(arguments.release)
        if path.is_file() and shipped_in_wheel(relative):
            entries[f"marketsim/_release/{relative.as_posix()}"] = (path.read_bytes(), os.access(path, os.X_OK))
    readme = (arguments.python / "README.md").read_text()
    entries[f"{dist_info}/METADATA"] = (metadata(project, version, readme).encode(), False)
    entries[f"{dist_info}/WHEEL"] = (
        f"Wheel-Version: 1.0\nGenerator: marketsim scripts/build-wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n".encode(),
        False)
    entries[f"{dist_info}/entry_points.txt"] = (b"[console_scripts]\nmarketsim = marketsim._cli:main\n", False)
    entries[f"{dist_info}/licenses/LICENSE"] = ((arguments.release / "LICENSE").read_bytes(), False)

    record = []
    for name, (data, _) in entries.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    entries[f"{dist_info}/RECORD"] = (("\n".join(record) + "\n").encode(), False)

    arguments.out.mkdir(parents=True, exist_ok=True)
    wheel = arguments.out / f"marketsim-{version}-{tag}.whl"
    partial = wheel.with_suffix(".whl.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (data, executable) in entries.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    partial.replace(wheel)
    print(f"build-wheel: wrote {wheel} ({wheel.stat().st_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
