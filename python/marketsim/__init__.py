"""Run, compare, sweep and calibrate scenarios of the AI model market; results as DataFrames.

Each function runs the marketsim command line with its options as keyword arguments
(``replications=50`` is ``--replications 50``; ``set={"buyers.count": 20000}`` is
``--set buyers.count=20000``; ``force=True`` is ``--force``; ``quiet=True``, which every
function takes, is ``--quiet``; see ``marketsim COMMAND --help`` for every option) and returns a ``Result`` whose tables are DataFrames::

    import marketsim
    bull = marketsim.run("bull", replications=50, set={"buyers.count": 20000})
    bull.bands            # date, metric, stat, value; dates parsed
    bull.bands.attrs["columns"]["value"]   # unit and meaning, from `marketsim columns`

Without ``out=``, output goes to a temporary folder that is removed when the result is
garbage-collected; pass ``out="runs/bull"`` to keep it. The command's progress line
shows on standard error as it runs, and a failure raises ``ScenarioError`` carrying the
command's message (for a bad scenario: the file and the JSON path of each problem).
"""

import shutil
import tempfile
import weakref
from pathlib import Path

from ._binary import BinaryNotFoundError, binary
from ._command import ScenarioError, execute, option_arguments
from ._result import OutputFolderError, Result, check_folder, column_dictionary

__version__ = "0.1.0"

__all__ = [
    "run", "compare", "sweep", "calibrate", "report", "columns", "load", "binary",
    "Result", "ScenarioError", "OutputFolderError", "BinaryNotFoundError",
]


def run(scenario, *, out=None, **options):
    """``marketsim run SCENARIO``: a scenario's replications.

    ``scenario`` is a file or a shipped scenario's name (``"bull"``). Options such as
    ``replications``, ``seed``, ``set`` (a dict of JSON path to value), ``jobs``.
    Tables: trajectories, actors, organizations, events, bands, summary.
    """
    return _produce(["run", scenario], out, options, "run")


def compare(*scenarios, out=None, **options):
    """``marketsim compare A B [C ...]``: scenarios on common random numbers.

    Tables: trajectories and bands of every scenario with a ``scenario`` column,
    differences (paired differences against the first, over time), compare (the same at
    the end of the horizon); each scenario's own run folder is ``result.parts[name]``.
    """
    if len(scenarios) < 2:
        raise TypeError(f"compare needs at least two scenarios, got {len(scenarios)}")
    return _produce(["compare", *scenarios], out, options, "compare")


def sweep(file, *, out=None, **options):
    """``marketsim sweep FILE``: a sweep file, or a shipped sweep's name (``"small"``).

    Options such as ``jobs``, ``shard="1/4"``, ``resume=True``, ``trajectories=True``.
    Tables: runs, points, sensitivity (Sobol designs), trajectories (with trajectories=True).
    """
    return _produce(["sweep", file], out, options, "sweep")


def calibrate(file, *, out=None, **options):
    """``marketsim calibrate FILE``: fit a calibration file's parameters to its targets.

    Every CSV file the command writes is a table of the result.
    """
    return _produce(["calibrate", file], out, options, "calibrate")


def report(target, **options):
    """``marketsim report FOLDER``: the self-contained HTML report of an output folder.

    ``target`` is a ``Result`` or a folder. Returns the path of the HTML file.
    """
    folder = target.folder if isinstance(target, Result) else Path(target)
    execute(["report", folder] + option_arguments(options))
    # The command always writes FOLDER/report.html; with quiet=True it does not say so.
    return folder / "report.html"


def columns(scenario="base", **options):
    """``marketsim columns --csv``: every exported column's file, name, unit and meaning."""
    return column_dictionary(scenario, option_arguments(options))


def load(folder):
    """An existing output folder of run, compare, sweep or calibrate, as a ``Result``.

    Every CSV file and manifest is checked first, so a damaged folder raises
    ``OutputFolderError`` naming the file, line and column rather than giving wrong tables.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such output folder")
    check_folder(folder)
    return Result(folder)


class _TemporaryFolder:
    """A folder removed when the last result that reads it is garbage-collected."""

    def __init__(self):
        self.path = Path(tempfile.mkdtemp(prefix="marketsim-"))
        weakref.finalize(self, shutil.rmtree, self.path, ignore_errors=True)


def _produce(words, out, options, name):
    keep = None
    if out is None:
        keep = _TemporaryFolder()
        out = keep.path / name
    output = execute(words + ["--out", out] + option_arguments(options))
    return Result(out, output=output, keep=keep)
