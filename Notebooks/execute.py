"""Execute marketsim's notebooks headless, cell by cell, and fail loudly.

Usage (scripts/run-notebooks calls it with the venv's python):

    python Notebooks/execute.py [--timeout SECONDS] [--out DIR] NOTEBOOK...

Each notebook runs in a fresh kernel whose python is the one running this file (the
repository's .venv), with the repository root as its working folder, so the default
data paths in the notebooks (runs/...) mean what they mean on the command line. The
notebook on disk is never modified: execution happens in memory, and executed copies
go to --out only when it is given (never into Notebooks/).

Exit status: 0 when every cell of every notebook ran; 1 naming the notebook and the
failing cell (index, id and first line) otherwise; 2 for bad arguments.
"""

import argparse
import re
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

REPOSITORY = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPOSITORY / "Notebooks"

# Appended to the in-memory copy only: proves the kernel ran on this interpreter, not
# on a python3 kernel spec that some other installation registered.
KERNEL_PROBE = "import sys\nprint(sys.prefix)"

# IPython colours its tracebacks; a log file wants plain text.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def kernel_manager(socket_prefix):
    """A kernel manager for this interpreter's own ipykernel.

    An empty kernel_dirs list hides every installed kernel spec, so "python3" can only
    resolve to the native spec, which launches sys.executable. IPC sockets instead of
    TCP ports, so nothing listens on the network; their prefix must be absolute, since
    the kernel runs in the repository root and this process may not. Asynchronous, as
    nbclient expects: with a blocking client its cell timeout never fires.
    """
    specs = KernelSpecManager(kernel_dirs=[], ensure_native_kernel=True)
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs, transport="ipc", ip=str(socket_prefix))


def describe(index, cell):
    first_line = next((line for line in cell.source.splitlines() if line.strip()), "")
    return f"cell {index} (id {cell.get('id', '?')}): {first_line[:80]}"


def execute(path, timeout_seconds, out_folder):
    with tempfile.TemporaryDirectory(prefix="marketsim-kernel-") as sockets:
        return execute_in(path, timeout_seconds, out_folder, Path(sockets) / "kernel")


def execute_in(path, timeout_seconds, out_folder, socket_prefix):
    notebook = nbformat.read(path, as_version=4)
    probe = nbformat.v4.new_code_cell(KERNEL_PROBE)
    probe.id = "execute-py-kernel-probe"
    notebook.cells.append(probe)
    client = NotebookClient(
        notebook,
        km=kernel_manager(socket_prefix),
        timeout=timeout_seconds,
        startup_timeout=timeout_seconds,
        allow_errors=False,
        resources={"metadata": {"path": str(REPOSITORY)}},
    )
    # The client shuts down only kernels it owns by default; this one it must shut down too.
    with client.setup_kernel(cleanup_kc=True):
        for index, cell in enumerate(notebook.cells):
            try:
                client.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
                if isinstance(error, CellExecutionError):
                    reason = f"{error.ename}: {error.evalue}"
                elif isinstance(error, CellTimeoutError):
                    reason = f"still running after {timeout_seconds} s (--timeout)"
                    # A busy kernel cannot answer a polite shutdown request.
                    client.shutdown_kernel = "immediate"
                else:
                    reason = "the kernel died"
                print(f"{path}: {describe(index, cell)}\n  failed: {reason}", file=sys.stderr)
                if isinstance(error, CellExecutionError):
                    print(ANSI_ESCAPE.sub("", error.traceback), file=sys.stderr)
                return False
    printed = "".join(output.get("text", "") for output in probe.outputs).strip()
    if Path(printed).resolve() != Path(sys.prefix).resolve():
        print(f"{path}: the kernel ran on {printed or 'an unknown python'}, not {sys.prefix}", file=sys.stderr)
        return False
    notebook.cells.pop()
    if out_folder is not None:
        out_folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, out_folder / Path(path).name)
    code_cells = sum(1 for cell in notebook.cells if cell.cell_type == "code")
    print(f"{path}: {code_cells} code cells ran (kernel {sys.prefix})")
    return True


def main():
    parser = argparse.ArgumentParser(description="Execute notebooks headless; exit 1 naming the failing cell.")
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell and for kernel start-up")
    parser.add_argument("--out", type=Path, help="write executed copies here (never inside Notebooks/)")
    arguments = parser.parse_args()
    out_folder = arguments.out.resolve() if arguments.out else None
    if out_folder is not None and (out_folder == NOTEBOOKS or NOTEBOOKS in out_folder.parents):
        parser.error(f"--out {arguments.out}: executed copies must not go into {NOTEBOOKS}")
    for path in arguments.notebooks:
        if not path.is_file():
            parser.error(f"{path}: no such notebook")
    failed = []
    for path in arguments.notebooks:
        try:
            succeeded = execute(path, arguments.timeout, out_folder)
        except Exception as error:  # a kernel that never started, an unreadable notebook
            print(f"{path}: could not run: {type(error).__name__}: {error}", file=sys.stderr)
            succeeded = False
        if not succeeded:
            failed.append(path)
    if failed:
        print(f"execute.py: {len(failed)} of {len(arguments.notebooks)} notebooks failed: "
              + ", ".join(str(path) for path in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
