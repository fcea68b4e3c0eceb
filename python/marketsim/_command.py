"""Running the marketsim command: keyword arguments to options, progress through, errors raised."""

import codecs
import json
import os
import re
import signal
import subprocess
import sys
import threading

from ._binary import binary


class ScenarioError(Exception):
    """The marketsim command failed; the message is the command's own.

    For a bad scenario or sweep file the message names the file and the JSON path of
    every problem (``bull.json: buyers.count: -5 is not in 1...``), exactly as the
    command line prints it.

    Attributes: ``message`` (the command's standard error, stripped), ``returncode``
    and ``command`` (the argument list that ran).
    """

    def __init__(self, message, returncode, command):
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.command = command


def option_arguments(options):
    """Command-line words for keyword arguments, in the order given.

    ``replications=50`` gives ``--replications 50``; ``stop_after=3`` gives
    ``--stop-after 3``; ``True`` gives the bare flag and ``False`` or ``None`` nothing;
    a list or tuple repeats the option; a dict (for ``set``) gives one ``--set
    path=value`` per item, the value written as JSON (so strings stay strings). A value
    that starts with ``-`` (``replications=-1``) is joined to its flag
    (``--replications=-1``): as a word of its own the command would take it for an
    option and report the value missing instead of saying what is wrong with it.
    """
    words = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            words.append(flag)
        elif isinstance(value, dict):
            for path, item in value.items():
                words += _option(flag, f"{path}={json.dumps(item)}")
        elif isinstance(value, (list, tuple)):
            for item in value:
                words += _option(flag, _word(item))
        else:
            words += _option(flag, _word(value))
    return words


def _option(flag, word):
    return [f"{flag}={word}"] if word.startswith("-") else [flag, word]


def _word(value):
    return os.fspath(value) if isinstance(value, os.PathLike) else str(value)


def execute(arguments):
    """Runs marketsim with ``arguments``; returns its standard output.

    Standard error (the progress line, warnings) is passed through to ``sys.stderr`` as
    it arrives, so a notebook or terminal shows the command's own progress. It reaches
    the command as a pseudo-terminal, because the command draws its live progress line
    only on a terminal; in a notebook, which has none, the line still redraws in place.
    A non-zero exit raises ``ScenarioError`` with the command's message. An interrupt
    (Ctrl-C, or a notebook's interrupt, which reaches only this process) is passed on to
    the command, which removes its unfinished output, and is then raised here.
    """
    command = [binary()] + [_word(a) for a in arguments]
    reader, writer = _error_channel()
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=writer, stdin=subprocess.DEVNULL)
    finally:
        os.close(writer)
    captured = []
    relay = threading.Thread(target=_relay, args=(reader, captured), daemon=True)
    relay.start()
    try:
        output = process.stdout.read()
        returncode = process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        process.wait()
        raise
    finally:
        relay.join()
        os.close(reader)
        process.stdout.close()
    if returncode != 0:
        message = _as_finally_shown("".join(captured)).strip() or f"marketsim exited with status {returncode}"
        raise ScenarioError(message, returncode, command)
    return output.decode("utf-8", errors="replace")


def _error_channel():
    """(read end, write end) for the command's standard error: a pseudo-terminal where
    there is one (POSIX), else a pipe."""
    try:
        import pty
        return pty.openpty()
    except (ImportError, OSError):
        return os.pipe()


# "Clear to the end of the line", which the progress line sends before each redraw.
_CLEAR_LINE = "\x1b[K"


def _relay(descriptor, captured):
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    plain = not sys.stderr.isatty()
    while True:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:  # a pseudo-terminal reports EIO once the command has closed it
            chunk = b""
        # A terminal turns each newline into CR LF; the text the command wrote had LF.
        text = decoder.decode(chunk, final=not chunk).replace("\r\n", "\n")
        if text:
            captured.append(text)
            sys.stderr.write(text.replace(_CLEAR_LINE, "") if plain else text)
            sys.stderr.flush()
        if not chunk:
            return


def _as_finally_shown(text):
    """The text as a terminal leaves it: of each line redrawn after a carriage return,
    only the last drawing; no control sequences."""
    return re.sub(r"[^\n]*\r", "", text.replace(_CLEAR_LINE, ""))
