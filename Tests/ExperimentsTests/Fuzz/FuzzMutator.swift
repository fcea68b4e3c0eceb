import Foundation
import MarketModel
import ScenarioFormat

/// SplitMix64: the fuzzer's own small generator, so a campaign is a pure function of its
/// seed (the simulation's streams are not involved).
struct FuzzRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Mutations of JSON documents (scenarios, sweep files) and of text files (a run's CSV):
/// structural ones on the parsed value, which keep the file parseable and so reach the
/// schema and the model, and byte-level ones, which reach the parser.
enum FuzzMutator {
    /// Numbers at and past the edges of what the schema allows, and values that once
    /// hung, crashed or overflowed something: among them a subnormal (2024 times the
    /// least, about 1e-320) and 2^53, past which doubles skip integers; both written as
    /// the doubles they are, since a literal 1e-320 or 2^53 + 1 is rounded with a warning.
    static let numbers: [Double] = [0, -1, 1, 2, 0.5, -0.5, 1e-9, Double.leastNonzeroMagnitude * 2024, 0.001, 1e308, -1e308,
                                    1e15, 3.5, 12, 60, 600, 601, 36_500, 36_501, 20_000_000, 2_147_483_648,
                                    9_007_199_254_740_992, 1_000_000, 1_099_511_627_776]
    /// Strings that are not names, paths or dates, or are keywords of another key.
    static let strings: [String] = ["", ".", "..", "a/b", "/tmp/x", "\t", "x\ny", "nul\u{0}x", "\u{7F}", "caf\u{E9}",
                                    String(repeating: "gap_points", count: 500), "9999-12-31", "0000-01-01", "2026-02-30",
                                    "2026-13-01", "final", "first_below", "mean", "grid", "sobol", "lhs", "random",
                                    "log_uniform", "integer", "gap_points", "openai", "coding", "release", "../base.json",
                                    "base", "segments[0].distillability", "buyers.count", "a,b", "\"q\""]
    static let keys = ["monhts", "name", "extends", "remove", "id", "samples", "levels", "range", "grid_levels", "at",
                       "threshold", "mean_days", "count", "x"]

    /// `text` (a JSON document) with one to three mutations.
    static func mutate(json text: String, random: inout FuzzRandom) -> String {
        var text = text
        for _ in 0..<(1 + random.below(3)) {
            if random.chance(0.2) {
                text = mutate(bytes: text, random: &random)
            } else if let value = try? JSONParser.parse(text, file: "fuzz") {
                text = mutate(value: value, random: &random).prettyText + "\n"
            } else {
                text = mutate(bytes: text, random: &random)
            }
        }
        return text
    }

    /// One structural mutation at a random node.
    static func mutate(value: JSONValue, random: inout FuzzRandom) -> JSONValue {
        var paths: [[JSONPath.Component]] = []
        collect(value, [], into: &paths)
        let path = random.pick(paths)
        return transform(value, at: path[...]) { node in mutateNode(node, random: &random) }
    }

    private static func collect(_ value: JSONValue, _ path: [JSONPath.Component], into paths: inout [[JSONPath.Component]]) {
        paths.append(path)
        switch value {
        case .array(let items): for (i, item) in items.enumerated() { collect(item, path + [.index(i)], into: &paths) }
        case .object(let object): for member in object { collect(member.value, path + [.key(member.key)], into: &paths) }
        default: break
        }
    }

    private static func transform(_ value: JSONValue, at path: ArraySlice<JSONPath.Component>,
                                  _ change: (JSONValue) -> JSONValue) -> JSONValue {
        guard let first = path.first else { return change(value) }
        switch (first, value) {
        case (.index(let i), .array(var items)):
            items[i] = transform(items[i], at: path.dropFirst(), change)
            return .array(items)
        case (.key(let key), .object(var object)):
            object[key] = transform(object[key]!, at: path.dropFirst(), change)
            return .object(object)
        default:
            return value
        }
    }

    private static func mutateNode(_ node: JSONValue, random: inout FuzzRandom) -> JSONValue {
        switch (node, random.below(4)) {
        case (.number, 0), (.number, 1):
            return .number(random.pick(numbers))
        case (.number(let x), 2):
            return .number(x * random.pick([-1, 0.001, 1000, 1e6, 1.5]))
        case (.string, 0), (.string, 1), (.string, 2):
            return .string(random.pick(strings))
        case (.array(var items), _):
            switch random.below(4) {
            case 0: return .array([])
            case 1 where !items.isEmpty:
                items.append(items[random.below(items.count)])
                return .array(items)
            case 2 where !items.isEmpty:
                items.remove(at: random.below(items.count))
                return .array(items)
            default:
                return .array(items + Array(repeating: items.first ?? .number(1), count: 1 + random.below(40)))
            }
        case (.object(var object), _):
            switch random.below(4) {
            case 0 where !object.isEmpty:
                object[object.keys[random.below(object.count)]] = nil
            case 1 where !object.isEmpty:
                // A one-letter typo in a key.
                let key = object.keys[random.below(object.count)]
                var letters = Array(key)
                if !letters.isEmpty { letters[random.below(letters.count)] = random.pick(["x", "_", "e", "s"]) }
                let value = object[key]!
                object[key] = nil
                if object[String(letters)] == nil { object[String(letters)] = value }
            default:
                let key = random.pick(keys)
                object[key] = random.chance(0.5) ? .string(random.pick(strings)) : .number(random.pick(numbers))
            }
            return .object(object)
        default:
            return random.pick([.null, .bool(true), .array([]), .object(JSONObject()), .string(random.pick(strings)),
                                .number(random.pick(numbers))])
        }
    }

    /// One byte-level mutation: cut, flip, insert, delete or repeat a slice.
    static func mutate(bytes text: String, random: inout FuzzRandom) -> String {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return "{" }
        let at = random.below(bytes.count)
        switch random.below(6) {
        case 0: bytes.removeSubrange(at...)
        case 1: bytes[at] ^= UInt8(1 << random.below(8))
        case 2: bytes.insert(contentsOf: Array(random.pick(["\"", ",", "}", "]", "/*", "\\u0000", "\u{0}", "\r\n", "1e999", "-"]).utf8), at: at)
        case 3: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(40)))
        case 4: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + random.below(60))], at: at)
        default: bytes[at] = random.pick(Array("{}[]:,\"0-.e\n".utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A CSV file damaged the ways a disk, a copy or an editor damages one.
    static func mutate(csv text: String, random: inout FuzzRandom) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let body = max(1, lines.count - 1)
        let line = random.below(body)
        switch random.below(11) {
        case 0: return String(decoding: Array(text.utf8.prefix(random.below(text.utf8.count + 1))), as: UTF8.self)
        case 1: return lines.prefix(1 + random.below(body)).joined(separator: "\n") + "\n"
        case 2: return text.replacingOccurrences(of: "\n", with: "\r\n")
        case 3: return lines[0] + "\n"
        case 4:
            var fields = lines[line].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard !fields.isEmpty else { return text }
            fields[random.below(fields.count)] = random.pick(["nan", "abc", "", "1e999", "-0", "inf", "\"q\"", "1,2", "0x10", " 1", "\"", "+",
                                                              "1e308", "-1e308", "1e100", "NaN", "\u{FF}"])
            lines[line] = fields.joined(separator: ",")
        case 5: lines.remove(at: line)
        case 6: lines.insert(lines[line], at: line)
        case 7: lines.swapAt(line, random.below(body))
        case 8: return ""
        case 9:
            // A column named twice: one header name copied over another.
            var names = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard names.count > 1 else { return text }
            names[random.below(names.count)] = random.pick(names)
            lines[0] = names.joined(separator: ",")
        default: return mutate(bytes: text, random: &random)
        }
        return lines.joined(separator: "\n")
    }
}
