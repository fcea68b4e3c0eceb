// The C library's `stdout`, a global the compiler cannot prove safe, is read once at exit.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#else
@preconcurrency import Darwin
#endif

/// Writes `text` to standard error and ignores a failure: a message about a failure must
/// not turn into a crash when the stream itself cannot be written (`2>/dev/full`, a
/// closed pipe), which is what `FileHandle.standardError.write` does, trapping. One
/// `write(2)` on the descriptor, unbuffered like `stderr`.
public func writeToStandardError(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return }
        offset += written
    }
}

/// Makes the process's outcome honest about its standard output: output written with
/// `print` sits in the C library's buffer until exit, where a failure to write it
/// (`>/dev/full`, a full disk) would be lost and the command exit 0. Registered once at
/// start; at exit it flushes every stream and, if that fails, says so and exits 1. An
/// output longer than the buffer (`columns`) failed while it was printed: the C library
/// set the stream's error flag and dropped the bytes, so the final flush succeeds and
/// only the flag tells.
public func checkStandardOutputAtExit() {
    atexit {
        if fflush(nil) != 0 || ferror(stdout) != 0 {
            writeToStandardError("marketsim: cannot write standard output: \(String(cString: strerror(errno)))\n")
            _exit(1)
        }
    }
}
