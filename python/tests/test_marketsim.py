"""The Python package against the binary it runs: the DataFrames it returns hold what the
binary wrote to CSV (read here with the csv module, independently of pandas), options
reach the command, and a bad scenario raises ScenarioError naming the file and JSON path.

Run from any folder (scripts/test-package runs it in a fresh virtual environment with
the wheel installed, outside the checkout):

    python -m unittest discover -s python/tests -v
"""

import contextlib
import csv
import gc
import io
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import pandas as pd

import marketsim

# Small and fast: a few hundred buyers over a year, two replications.
SMALL = {"buyers.count": 200, "months": 12}


def shipped_scenarios():
    """The shipped scenarios' folder, as the binary itself reports it."""
    output = subprocess.run([marketsim.binary(), "scenarios"], capture_output=True, text=True, check=True).stdout
    return Path(re.search(r"Shipped scenarios \((.+)\):", output).group(1))


def read_csv_rows(path):
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    return rows[0], rows[1:]


class Scratch:
    """A temporary working folder, removed when the test ends."""

    def __init__(self, test):
        self.path = Path(tempfile.mkdtemp(prefix="marketsim-test-"))
        test.addCleanup(shutil.rmtree, self.path, ignore_errors=True)

    def scenario(self, name, content):
        path = self.path / name
        path.write_text(json.dumps(content))
        return path


class DataFramesMatchTheCSV(unittest.TestCase):
    """Each table equals the CSV the binary wrote, cell by cell."""

    def assert_table_matches_csv(self, table, path):
        header, rows = read_csv_rows(path)
        self.assertEqual(list(table.columns), header, f"{path}: columns")
        self.assertEqual(len(table), len(rows), f"{path}: rows")
        self.assertGreater(len(rows), 0, f"{path} is empty")
        for index, column in enumerate(header):
            cells = [row[index] for row in rows]
            values = table[column].tolist()
            if pd.api.types.is_datetime64_any_dtype(table[column]):
                self.assertEqual([v.strftime("%Y-%m-%d") for v in values], cells, f"{path}: {column}")
            elif pd.api.types.is_numeric_dtype(table[column]):
                for cell, value in zip(cells, values):
                    if cell == "":
                        self.assertTrue(math.isnan(value), f"{path}: {column}: empty cell read as {value}")
                    else:
                        self.assertEqual(float(cell), float(value), f"{path}: {column}: {cell} read as {value}")
            else:
                self.assertEqual(["" if isinstance(v, float) and math.isnan(v) else str(v) for v in values],
                                 cells, f"{path}: {column}")

    def test_run(self):
        result = marketsim.run("bull", replications=2, set=SMALL, jobs=1)
        for name in ["trajectories", "actors", "organizations", "events", "bands", "summary"]:
            self.assert_table_matches_csv(result.table(name), result.folder / f"{name}.csv")
        # The options reached the command: the resolved scenario holds the overrides.
        resolved = json.loads((result.folder / "scenario.json").read_text())
        self.assertEqual(resolved["buyers"]["count"], 200)
        self.assertEqual(resolved["months"], 12)
        self.assertEqual(result.manifest["replications"], 2)
        # One row per report month per replication.
        trajectories = result.trajectories
        self.assertEqual(sorted(trajectories["replication"].unique().tolist()), [0, 1])
        self.assertEqual(len(trajectories), 2 * trajectories["date"].nunique())
        self.assertTrue(pd.api.types.is_datetime64_any_dtype(trajectories["date"]))
        self.assertTrue(pd.api.types.is_datetime64_any_dtype(result.bands["date"]))

    def test_column_dictionary_travels_with_the_tables(self):
        result = marketsim.run("bull", replications=2, set=SMALL, jobs=1)
        header, rows = read_csv_rows(result.folder / "trajectories.csv")
        described = result.trajectories.attrs["columns"]
        self.assertEqual(set(described), set(header), "every trajectories column has a dictionary entry")
        self.assertEqual(described["date"]["unit"], "YYYY-MM-DD")
        dictionary = result.columns
        self.assertEqual(list(dictionary.columns), ["file", "column", "unit", "meaning"])
        self.assertIn("bands.csv", set(dictionary["file"]))

    def test_compare(self):
        result = marketsim.compare("bull", "bear", replications=2, jobs=1)
        self.assert_table_matches_csv(result.compare, result.folder / "compare.csv")
        self.assert_table_matches_csv(result.differences, result.folder / "differences.csv")
        self.assertEqual(sorted(result.parts), ["bear", "bull"])
        for key in ["bear", "bull"]:
            self.assert_table_matches_csv(result.parts[key].trajectories, result.folder / key / "trajectories.csv")
        tidy = result.trajectories
        self.assert_table_matches_csv(tidy, result.folder / "trajectories.csv")
        self.assertEqual(sorted(tidy["scenario"].unique()), ["bear", "bull"])
        self.assertEqual(len(tidy), len(result.bull.trajectories) + len(result.bear.trajectories))
        # A table only the runs write is stacked from them.
        events = result.events
        self.assertEqual(events.columns[0], "scenario")
        self.assertEqual(len(events), len(result.bull.events) + len(result.bear.events))

    def test_sweep(self):
        result = marketsim.sweep("small", jobs=1)
        self.assert_table_matches_csv(result.runs, result.folder / "runs.csv")
        self.assert_table_matches_csv(result.points, result.folder / "points.csv")
        # The shipped small sweep is a 2 x 2 grid with one replication per point.
        self.assertEqual(len(result.runs), 4)
        self.assertEqual(sorted(result.runs["coding_distillability"].unique().tolist()), [0.4, 0.7])

    def test_progress_line_reaches_stderr(self):
        shown = io.StringIO()
        with contextlib.redirect_stderr(shown):
            marketsim.sweep("small", jobs=1)
        # The command's own line, drawn at least once as the sweep ends (4 runs).
        self.assertIn("runs 4/4 (100.0%)", shown.getvalue())
        self.assertNotIn("\x1b[K", shown.getvalue(), "control sequences reach a stream that is no terminal")

    def test_report(self):
        result = marketsim.run("bull", replications=2, set=SMALL, jobs=1)
        page = marketsim.report(result)
        self.assertTrue(page.is_file(), page)
        self.assertIn("<svg", page.read_text())

    def test_output_folder_is_kept_when_named(self):
        scratch = Scratch(self)
        out = scratch.path / "runs" / "bull"
        result = marketsim.run("bull", replications=2, set=SMALL, jobs=1, out=out)
        self.assertEqual(result.folder, out)
        del result
        self.assertTrue((out / "trajectories.csv").is_file())
        reloaded = marketsim.load(out)
        self.assert_table_matches_csv(reloaded.summary, out / "summary.csv")


    def test_temporary_output_goes_with_the_result(self):
        result = marketsim.run("bull", replications=2, set=SMALL, jobs=1)
        folder = result.folder
        self.assertTrue((folder / "trajectories.csv").is_file())
        del result
        gc.collect()
        self.assertFalse(folder.exists(), f"{folder} outlived its result")


class KeywordArguments(unittest.TestCase):
    """Every function that runs a command passes the keywords the commands share (quiet,
    jobs, force, out) on, and its command accepts them: quiet=True leaves standard output
    empty and the files written; every command of the binary takes --quiet."""

    @staticmethod
    def command_options(command):
        """The long options `marketsim COMMAND --help` lists (sweep's are its default subcommand's)."""
        words = ["sweep", "run"] if command == "sweep" else [command]
        shown = subprocess.run([marketsim.binary(), *words, "--help"], capture_output=True, text=True, check=True).stdout
        return set(re.findall(r"--([a-z][a-z-]*)", shown))

    def test_every_function_takes_the_shared_keywords(self):
        scratch = Scratch(self)
        shipped = shipped_scenarios()
        tiny = {"buyers": {"count": 100}, "months": 12}
        base = scratch.scenario("tiny-base.json", {"extends": str(shipped / "base.json"), "name": "tiny-base", **tiny})
        bull = scratch.scenario("tiny-bull.json", {"extends": str(shipped / "bull.json"), "name": "tiny-bull", **tiny})
        calibration = scratch.scenario("tiny-calibration.json", {
            "base": str(base), "particles": 6, "generations": 1, "seed": 3,
            "parameters": [{"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]}],
            "targets": [{"name": "gap", "fact": "H1", "metric": "gap_points", "at": "2023-10-01", "observed": 17.5,
                         "interval": [15, 20]}]})
        calls = {
            "run": lambda keywords: marketsim.run(base, replications=2, **keywords),
            "compare": lambda keywords: marketsim.compare(base, bull, replications=2, **keywords),
            "sweep": lambda keywords: marketsim.sweep("small", **keywords),
            "calibrate": lambda keywords: marketsim.calibrate(calibration, **keywords),
        }
        shared = {"quiet": True, "jobs": 1, "force": True}
        for command, call in calls.items():
            with self.subTest(command=command):
                self.assertLessEqual({key.replace("_", "-") for key in shared} | {"out"}, self.command_options(command))
                out = scratch.path / command
                result = call(dict(shared, out=out))
                self.assertEqual(result.output, "", f"{command} printed with quiet=True")
                self.assertTrue(any(out.rglob("*.csv")), f"{command} wrote no table")
        self.assertIn("quiet", self.command_options("report"))
        page = marketsim.report(scratch.path / "run", quiet=True)
        self.assertEqual(page, scratch.path / "run" / "report.html")
        self.assertIn("<svg", page.read_text())
        # columns prints only its answer: quiet=True reaches the command and changes nothing.
        self.assertIn("quiet", self.command_options("columns"))
        pd.testing.assert_frame_equal(marketsim.columns("bull", quiet=True), marketsim.columns("bull"))

    def test_every_command_takes_quiet(self):
        """So a script, or a function of this package, can pass quiet=True to any command."""
        shown = subprocess.run([marketsim.binary(), "--help"], capture_output=True, text=True, check=True).stdout
        listed = re.search(r"SUBCOMMANDS:\n(.*?)\n\n", shown, re.S).group(1)
        commands = re.findall(r"^  (\S+)", listed, re.M)  # a description's further lines are indented more
        self.assertLessEqual({"run", "compare", "sweep", "calibrate", "report", "columns", "facts"}, set(commands))
        # sweep is a group: its options are those of its default subcommand, sweep run.
        for words in [["sweep", "run"] if command == "sweep" else [command] for command in commands] + [["sweep", "merge"]]:
            with self.subTest(command=" ".join(words)):
                options = subprocess.run([marketsim.binary(), *words, "--help"], capture_output=True, text=True,
                                         check=True).stdout
                self.assertIn("--quiet", options)


class Errors(unittest.TestCase):
    def test_bad_scenario_names_file_and_json_path(self):
        scratch = Scratch(self)
        bad = scratch.scenario("bad.json", {"extends": str(shipped_scenarios() / "bull.json"),
                                            "buyers": {"count": -5}})
        out = scratch.path / "never"
        with self.assertRaises(marketsim.ScenarioError) as raised:
            marketsim.run(bad, out=out)
        message = str(raised.exception)
        self.assertIn(str(bad), message)
        self.assertIn("buyers.count", message)
        self.assertNotEqual(raised.exception.returncode, 0)
        self.assertFalse(out.exists(), "a failed run left its output folder")

    def test_misspelt_option_value_is_the_commands_error(self):
        with self.assertRaises(marketsim.ScenarioError) as raised:
            marketsim.run("bull", set={"buyers.cuont": 5})
        self.assertIn("buyers.cuont", str(raised.exception))

    def test_unknown_scenario(self):
        with self.assertRaises(marketsim.ScenarioError) as raised:
            marketsim.run("no-such-scenario")
        self.assertIn("no-such-scenario", str(raised.exception))

    def test_negative_option_value_reaches_the_command(self):
        # As `--replications -1` the parser took -1 for an option and said the value was missing.
        self.assertEqual(marketsim.option_arguments({"replications": -1, "seed": 3}), ["--replications=-1", "--seed", "3"])
        with self.assertRaises(marketsim.ScenarioError) as raised:
            marketsim.run("bull", replications=-1)
        self.assertNotIn("Missing value", str(raised.exception))
        self.assertIn("-1", str(raised.exception))


class DamagedFolders(unittest.TestCase):
    """load() of a damaged folder raises OutputFolderError naming the file, line and column."""

    def damaged(self, trajectories=b"date,replication,gap_points\n2026-01-31,0,1.5\n", manifest=b'{"scenario": "x"}'):
        scratch = Scratch(self)
        (scratch.path / "trajectories.csv").write_bytes(trajectories)
        (scratch.path / "manifest.json").write_bytes(manifest)
        return scratch.path

    def assert_rejected(self, folder, where):
        with self.assertRaises(marketsim.OutputFolderError) as raised:
            marketsim.load(folder)
        self.assertTrue(str(raised.exception).startswith(str(folder / where)), str(raised.exception))

    def test_a_whole_folder_loads(self):
        self.assertEqual(marketsim.load(self.damaged()).table_names, ["trajectories"])

    def test_bytes_that_are_not_utf8(self):
        self.assert_rejected(self.damaged(b"date,replication,gap_points\n2026-01-31,0,\xff1\n"), "trajectories.csv:2:14:")

    def test_a_column_named_twice(self):
        self.assert_rejected(self.damaged(b"date,gap_points,gap_points\n2026-01-31,1,2\n"), "trajectories.csv:1:17:")

    def test_a_header_without_rows(self):
        self.assert_rejected(self.damaged(b"date,replication,gap_points\n"), "trajectories.csv:2:")

    def test_not_a_number_cell(self):
        self.assert_rejected(self.damaged(b"date,replication,gap_points\n2026-01-31,0,inf\n"), "trajectories.csv:2:14:")

    def test_a_manifest_that_is_not_an_object(self):
        self.assert_rejected(self.damaged(manifest=b"[1, 2]"), "manifest.json:")


class Installation(unittest.TestCase):
    def test_binary_lookup_order(self):
        """MARKETSIM_BINARY, else the wheel's own binary, else the PATH's (checked with stand-ins)."""
        from unittest import mock
        from marketsim import _binary
        scratch = Scratch(self)
        stand_ins = {}
        for name in ["named", "bundled", "on-path"]:
            path = scratch.path / name / "marketsim"
            path.parent.mkdir()
            path.write_text("#!/bin/sh\n")
            path.chmod(0o755)
            stand_ins[name] = path
        missing = scratch.path / "missing" / "marketsim"
        path_only = {"PATH": str(stand_ins["on-path"].parent)}
        with mock.patch.dict(os.environ, path_only | {"MARKETSIM_BINARY": str(stand_ins["named"])}, clear=True), \
                mock.patch.object(_binary, "BUNDLED", stand_ins["bundled"]):
            self.assertEqual(marketsim.binary(), str(stand_ins["named"]))
        with mock.patch.dict(os.environ, path_only, clear=True), mock.patch.object(_binary, "BUNDLED", stand_ins["bundled"]):
            self.assertEqual(marketsim.binary(), str(stand_ins["bundled"]))
        with mock.patch.dict(os.environ, path_only, clear=True), mock.patch.object(_binary, "BUNDLED", missing):
            self.assertEqual(marketsim.binary(), str(stand_ins["on-path"]))
        with mock.patch.dict(os.environ, {"PATH": str(scratch.path)}, clear=True), \
                mock.patch.object(_binary, "BUNDLED", missing), self.assertRaises(marketsim.BinaryNotFoundError):
            marketsim.binary()

    @unittest.skipUnless(os.environ.get("MARKETSIM_EXPECT_BUNDLED") == "1", "set by scripts/test-package for the wheel")
    def test_the_wheel_runs_its_own_binary(self):
        from marketsim import _binary
        self.assertEqual(marketsim.binary(), str(_binary.BUNDLED))
        version = subprocess.run([marketsim.binary(), "--version"], capture_output=True, text=True, check=True).stdout
        self.assertTrue(version.startswith(f"marketsim {marketsim.__version__}\n"), version)
        self.assertEqual(shipped_scenarios(), _binary.BUNDLED.parent.parent / "share" / "marketsim" / "Scenarios")


if __name__ == "__main__":
    unittest.main()
