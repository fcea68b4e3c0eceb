import Foundation

/// The memory a command may plan to use: the machine's (its physical memory, or the
/// container's cgroup limit when that is lower), or what the user sets with
/// `--max-memory`. A `ResourceEstimate` above it is refused before anything starts.
public struct MemoryLimit: Sendable, Equatable, CustomStringConvertible {
    public let bytes: Double
    /// Where the limit comes from, for messages: `--max-memory 2G` or the machine.
    public let source: String

    public init(bytes: Double, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// The memory of this machine, or of the container (cgroup v2 `memory.max`, v1
    /// `memory.limit_in_bytes`) when it is lower: a process above it is killed. Or, when
    /// lower still, what the address-space limit (`ulimit -v`) leaves: past it an
    /// allocation fails and the process aborts.
    public static func machine() -> MemoryLimit {
        var bytes = Double(ProcessInfo.processInfo.physicalMemory)
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                  let limit = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0 else { continue }
            bytes = min(bytes, limit)
        }
        if let space = addressSpaceLeft(), space.left < bytes {
            // Say what the limit was and what took the rest, so "a limit of 0 bytes"
            // under a small ulimit -v reads as the program's own footprint.
            return MemoryLimit(bytes: space.left, source: "what the address-space limit, ulimit -v, of "
                               + "\(ResourceEstimate.format(bytes: space.limit)) leaves after the program's own "
                               + "\(ResourceEstimate.format(bytes: space.limit - space.left)) of mappings and thread reserves")
        }
        return MemoryLimit(bytes: bytes, source: "this machine's memory")
    }

    /// Address space reserved beyond what a run allocates, per core: each worker thread
    /// maps its stack (8 MiB) and glibc gives it a malloc arena, which reserves 64 MiB.
    static let addressSpacePerThread = 72.0 * 1_048_576

    /// The address space `RLIMIT_AS` leaves for a run's data: the limit, less what the
    /// process maps already (the binary, its libraries, the runtime) and the worker
    /// threads' reservations; nil without a limit. An estimate counts data, and under
    /// this limit every mapped byte counts, so the estimate is held to what is left.
    static func addressSpaceLeft() -> (left: Double, limit: Double)? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        // /proc/self/statm's first field: the pages mapped now.
        let mapped = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))
            .flatMap { $0.split(separator: " ").first }.flatMap { Double($0) }.map { $0 * Double(sysconf(Int32(_SC_PAGESIZE))) } ?? 0
        let threads = Double(ProcessInfo.processInfo.activeProcessorCount) * addressSpacePerThread
        return (max(0, Double(limit.rlim_cur) - mapped - threads), Double(limit.rlim_cur))
    }

    /// A size written for `--max-memory`: a number of bytes with an optional unit
    /// K, M, G or T (powers of 1024; `KB`, `MiB` and lower case are read alike), such as
    /// `512M` or `1.5G`; nil when the text is not one or is not positive.
    public static func parse(size text: String) -> Double? {
        let units: [(suffixes: [String], factor: Double)] = [
            (["tib", "tb", "t"], 1_099_511_627_776), (["gib", "gb", "g"], 1_073_741_824), (["mib", "mb", "m"], 1_048_576),
            (["kib", "kb", "k"], 1024), (["b", ""], 1),
        ]
        let lower = text.trimmingCharacters(in: .whitespaces).lowercased()
        for (suffixes, factor) in units {
            for suffix in suffixes where lower.hasSuffix(suffix) {
                let number = lower.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
                guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }), let value = Double(number),
                      value.isFinite, value > 0 else { continue }
                return value * factor
            }
        }
        return nil
    }

    /// `--max-memory SIZE` when given, else the machine's memory.
    public static func from(option text: String?) -> MemoryLimit? {
        guard let text else { return machine() }
        guard let bytes = parse(size: text) else { return nil }
        return MemoryLimit(bytes: bytes, source: "--max-memory \(text)")
    }

    public var description: String { "\(ResourceEstimate.format(bytes: bytes)) (\(source))" }
}
