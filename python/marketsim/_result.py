"""An output folder of marketsim as pandas DataFrames, read when first asked for."""

import csv
import io
import json
from pathlib import Path

import pandas as pd

from ._binary import BinaryNotFoundError
from ._command import ScenarioError, execute

# The unit the column dictionary gives ISO dates; such columns are parsed as dates.
DATE_UNIT = "YYYY-MM-DD"


class OutputFolderError(ValueError):
    """A file of an output folder is not as marketsim writes it: cut short, edited or damaged.

    The message names the file, the line and, where one field is at fault, the column
    (``runs/bull/trajectories.csv:7:12: column gap_points: 'nan' is not a number``).
    """


# Spellings that pandas and float() read as numbers although marketsim never writes them:
# it writes a missing value as an empty cell, so these are damage.
_NON_FINITE = {"nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"}
# Tables that may hold a header only: a run without events, a sweep before its first run.
_MAY_BE_EMPTY = {"events", "runs"}


def check_folder(folder):
    """Checks every CSV file and manifest.json of ``folder`` and of its run folders.

    Raises ``OutputFolderError`` naming the file, line and column of the first problem.
    """
    folder = Path(folder)
    read_manifest(folder)
    for path in sorted(folder.glob("*.csv")):
        check_table(path)
    for child in sorted(folder.iterdir()):
        if child.is_dir() and (child / "manifest.json").is_file():
            check_folder(child)


def read_manifest(folder):
    """manifest.json of ``folder`` as a dict, empty when there is none."""
    path = Path(folder) / "manifest.json"
    if not path.is_file():
        return {}
    try:
        value = json.loads(_utf8(path, path.read_bytes()))
    except json.JSONDecodeError as error:
        raise OutputFolderError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None
    if not isinstance(value, dict):
        raise OutputFolderError(f"{path}: not a JSON object (marketsim writes one)")
    return value


def check_table(path):
    """Checks the CSV file at ``path`` as marketsim writes it: UTF-8, a header naming each
    column once, rows as wide as the header, at least one row (but for events and
    runs), no ``nan`` or ``inf``, and a final line break (a file without one was cut)."""
    data = Path(path).read_bytes()
    text = _utf8(path, data)
    if text and not text.endswith("\n"):
        raise OutputFolderError(f"{path}:{text.count(chr(10)) + 1}: the file ends in the middle of a line: it was cut short")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header or header == [""]:
            raise OutputFolderError(f"{path}:1: no header row")
        seen = set()
        for index, name in enumerate(header):
            if name in seen:
                raise OutputFolderError(f"{path}:1:{_column(header, index)}: the header names column {_excerpt(name)} twice")
            seen.add(name)
        rows, line = 0, reader.line_num + 1
        for record in reader:
            if len(record) != len(header):
                raise OutputFolderError(f"{path}:{line}: {len(record)} fields where the header has {len(header)}")
            for index, cell in enumerate(record):
                if cell.strip().lower() in _NON_FINITE:
                    raise OutputFolderError(f"{path}:{line}:{_column(record, index)}: column {_excerpt(header[index])}: "
                                            f"{_excerpt(cell)} is not a number (marketsim leaves a missing value empty)")
            rows, line = rows + 1, reader.line_num + 1
    except csv.Error as error:
        raise OutputFolderError(f"{path}:{reader.line_num}: {error}") from None
    if rows == 0 and Path(path).stem not in _MAY_BE_EMPTY:
        raise OutputFolderError(f"{path}:2: the file has a header but no rows: it was cut short")


def _utf8(path, data):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[start:error.start].decode("utf-8", errors="replace")) + 1
        raise OutputFolderError(f"{path}:{line}:{column}: byte 0x{data[error.start]:02x} is not UTF-8 text: "
                                "the file is damaged") from None


def _column(fields, index):
    """The character column (1-based) where field ``index`` of an unquoted row starts."""
    return sum(len(field) + 1 for field in fields[:index]) + 1


def _excerpt(text, limit=40):
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}... ({len(text)} characters)"


class Result:
    """What a marketsim command wrote: its folder, read as DataFrames.

    Every CSV file of the folder is a table, named by its file name without ``.csv``
    (``result.trajectories``, ``result.bands``, ``result.summary``, ``result.events``,
    ``result.actors``, ``result.organizations``; a sweep's ``runs``, ``points``,
    ``sensitivity``; a comparison's ``compare`` and ``differences``). A comparison's run
    folders are ``result.parts[name]``, one per scenario (also ``result.bull``); a table
    the comparison does not write itself (``actors``, ``events``) is offered stacked
    from them, with the scenario's name as a first ``scenario`` column.

    Each table carries its columns' units and meanings from the column dictionary in
    ``table.attrs["columns"]`` (``{column: {"unit": ..., "meaning": ...}}``); the whole
    dictionary is ``result.columns`` (both need the marketsim binary). Date columns are parsed as dates; empty cells are
    missing values. ``result.manifest`` is manifest.json, ``result.output`` what the
    command printed.
    """

    def __init__(self, folder, output="", keep=None):
        self.folder = Path(folder)
        self.output = output
        # A temporary folder's owner, kept alive as long as this result is.
        self._keep = keep
        self._tables = {}
        self._columns = None
        self.parts = {
            child.name: Result(child, keep=keep)
            for child in sorted(self.folder.iterdir())
            if child.is_dir() and (child / "manifest.json").is_file()
        }

    def __repr__(self):
        return f"marketsim.Result({str(self.folder)!r}, tables={self.table_names})"

    @property
    def table_names(self):
        """The names of the tables this folder offers, sorted."""
        own = {path.stem for path in self.folder.glob("*.csv")}
        stacked = {name for run in self.parts.values() for name in run.table_names}
        return sorted(own | stacked)

    @property
    def manifest(self):
        """manifest.json as a dict (empty if the folder has none)."""
        return read_manifest(self.folder)

    @property
    def scenario_name(self):
        """The scenario's name from the manifest, or the folder's name."""
        return self.manifest.get("scenario", self.folder.name)

    @property
    def columns(self):
        """The column dictionary (file, column, unit, meaning) for this folder's scenario."""
        if self._columns is None:
            self._columns = column_dictionary(self._dictionary_scenario())
        return self._columns

    def table(self, name):
        """The table ``name`` (a CSV file's name without ``.csv``) as a DataFrame."""
        if name not in self._tables:
            self._tables[name] = self._read(name)
        return self._tables[name]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self.table_names:
            return self.table(name)
        if name in self.parts:
            return self.parts[name]
        raise AttributeError(f"{self.folder} has no table {name!r}; it has {self.table_names}")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.table_names) | set(self.parts))

    def _read(self, name):
        path = self.folder / f"{name}.csv"
        if path.is_file():
            return read_table(path, self._described(name))
        parts = []
        for run in self.parts.values():
            if name in run.table_names:
                part = run.table(name).copy()
                part.insert(0, "scenario", run.scenario_name)
                parts.append(part)
        if not parts:
            raise KeyError(f"{self.folder} has no table {name!r}")
        stacked = pd.concat(parts, ignore_index=True)
        stacked.attrs["columns"] = {"scenario": {"unit": "name", "meaning": "The scenario's name."}} | parts[0].attrs["columns"]
        return stacked

    def _described(self, name):
        """{column: {unit, meaning}} for table ``name`` of this kind of folder.

        Empty when no marketsim binary can be found: a folder read with ``load`` keeps
        its data (dates parsed by the column name ``date``), only the metadata is missing.
        """
        is_sweep = (self.folder / "sweep.json").is_file()
        try:
            dictionary = self.columns
        except BinaryNotFoundError:
            return {}
        except ScenarioError as error:
            # The dictionary is read for the folder's own scenario.json: a damaged one is
            # the folder's fault, reported as such (its first problem, file and position).
            problems = error.message.splitlines()
            more = f" (and {len(problems) - 1} more lines)" if len(problems) > 1 else ""
            raise OutputFolderError(problems[0] + more) from None
        described = {}
        for row in dictionary.itertuples(index=False):
            scope, _, rest = row.file.partition(" ") if row.file.startswith("sweep ") else ("", "", row.file)
            if rest.split(" (")[0] == f"{name}.csv" and (scope == "sweep") == is_sweep:
                described[row.column] = {"unit": row.unit, "meaning": row.meaning}
        return described

    def _dictionary_scenario(self):
        for folder in [self.folder] + [run.folder for run in self.parts.values()]:
            if (folder / "scenario.json").is_file():
                return str(folder / "scenario.json")
        return "base"


def read_table(path, described):
    """A CSV file written by marketsim as a DataFrame: dates parsed, the dictionary attached."""
    header = pd.read_csv(path, nrows=0).columns
    dates = [c for c in header if described.get(c, {}).get("unit") == DATE_UNIT or c == "date"]
    table = pd.read_csv(path, parse_dates=dates, date_format="%Y-%m-%d", keep_default_na=False, na_values=[""])
    table.attrs["columns"] = {c: described[c] for c in header if c in described}
    return table


def column_dictionary(scenario="base", options=()):
    """``marketsim columns --csv`` for ``scenario`` as a DataFrame: file, column, unit, meaning;
    ``options`` are further command-line words (``--quiet``)."""
    text = execute(["columns", "--csv", "--scenario", scenario, *options])
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
