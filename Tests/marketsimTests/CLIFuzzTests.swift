import Foundation
import TestSupport
import Testing

/// The fuzzer's process-level pass (the in-process campaign is `FuzzTests` in
/// ExperimentsTests): mutants of the shipped scenarios and sweep files given to the
/// `marketsim` binary, with a fixed seed. Each must end within its time limit, never
/// by a signal (a crash), and when it rejects its input (exit 1) must name the file
/// and leave nothing but the input in its folder.
@Suite("Fuzz: mutated inputs through the binary", .serialized)
struct CLIFuzzTests {
    /// SplitMix64, as in the in-process fuzzer.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// One textual mutation: a number or a string's content replaced, a line dropped,
    /// or a byte changed.
    static func mutate(_ text: String, _ random: inout Random) -> String {
        var bytes = Array(text.utf8)
        let isNumberByte = { (b: UInt8) in (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D || b == 0x65 || b == 0x2B }
        switch random.below(4) {
        case 0, 1:
            // Tokens: a run of number bytes after ':', ',' or '[' (spaces skipped), or a string's content.
            var tokens: [Range<Int>] = []
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x22 {
                    var j = i + 1
                    while j < bytes.count && bytes[j] != 0x22 { j += bytes[j] == 0x5C ? 2 : 1 }
                    if j < bytes.count { tokens.append(i + 1..<j) }
                    i = j + 1
                } else if isNumberByte(bytes[i]) && i > 0 && [0x3A, 0x2C, 0x5B, 0x20].contains(bytes[i - 1]) {
                    var j = i
                    while j < bytes.count && isNumberByte(bytes[j]) { j += 1 }
                    tokens.append(i..<j)
                    i = j
                } else {
                    i += 1
                }
            }
            guard !tokens.isEmpty else { return text }
            let token = random.pick(tokens)
            let isString = token.lowerBound > 0 && bytes[token.lowerBound - 1] == 0x22
            let replacement = isString
                ? random.pick(["", "..", "a/b", "x\\ny", "\\u0000", "9999-12-31", "gap_points", "final", String(repeating: "z", count: 3000)])
                : random.pick(["0", "-1", "1e-9", "1e-320", "1e308", "36501", "20000000", "1000000000", "0.5", "601"])
            bytes.replaceSubrange(token, with: Array(replacement.utf8))
        case 2:
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            lines.remove(at: random.below(lines.count))
            return lines.joined(separator: "\n")
        default:
            let at = random.below(bytes.count)
            bytes[at] = random.pick(Array("{}[]:,\"0-.e\n".utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let root = CLI.root + "/Scenarios/"

    @Test("Mutated scenarios and sweep files through marketsim run and sweep")
    func mutants() throws {
        var random = Random(state: 20_261_201)
        let scenarios = try ["base.json", "bull.json", "bear.json", "examples/minimal.json"].map {
            try String(contentsOfFile: Self.root + $0, encoding: .utf8)
        }
        let sweeps = try ["sweeps/small.json", "sweeps/gap.json", "sweeps/sobol.json"].map {
            try String(contentsOfFile: Self.root + $0, encoding: .utf8)
        }
        var counts = (accepted: 0, rejected: 0)
        for index in 0..<60 {
            let tmp = try CLI.temporaryFolder("clifuzz")
            try FileManager.default.copyItem(atPath: Self.root + "base.json", toPath: tmp + "/base.json")
            try FileManager.default.createDirectory(atPath: tmp + "/sweeps", withIntermediateDirectories: true)
            let isSweep = index % 3 == 2
            let file = tmp + (isSweep ? "/sweeps/mutant.json" : "/mutant.json")
            try CLI.write(Self.mutate(random.pick(isSweep ? sweeps : scenarios), &random), to: file)
            let arguments = isSweep
                ? ["sweep", file, "--out", tmp + "/out", "--quiet", "--jobs", "1", "--stop-after-runs", "1"]
                : ["run", file, "--out", tmp + "/out", "--quiet", "--jobs", "1", "--replications", "1",
                   "--set", "buyers.count=20", "--set", "months=3"]
            let r = try CLI.run(arguments, timeout: 60)
            #expect(!r.timedOut, "hang: \(arguments) on \(file)")
            #expect(r.status == 0 || r.status == 1 || r.status == 130, "exit \(r.status) (a crash?) on \(file): \(r.stderr.prefix(500))")
            let before = isSweep ? ["base.json", "sweeps"] : ["base.json", "mutant.json", "sweeps"]
            if r.status == 1 && !r.stderr.contains("saved in") {
                counts.rejected += 1
                #expect(r.stderr.contains(file) || r.stderr.contains(tmp + "/base.json"), "the error names no file: \(r.stderr.prefix(500))")
                let left = ((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []).sorted()
                #expect(left == before, "a rejected input left \(left) in \(tmp)")
                #expect(r.stderr.utf8.count < 20_000, "the error quotes long values")
            } else {
                counts.accepted += 1
                try? FileManager.default.removeItem(atPath: tmp)
            }
        }
        print("fuzz: 60 mutants through the binary (\(counts.rejected) rejected, \(counts.accepted) accepted)")
    }
}
