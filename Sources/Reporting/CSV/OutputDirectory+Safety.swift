import Foundation
import MarketModel
import ScenarioFormat

extension OutputDirectory {
    /// The absolute path an output folder named `path` will have, after checking that
    /// writing there can only ever replace that folder: the path is not empty, holds no
    /// control character (a NUL would silently cut it short in the system call, a line
    /// break would split every log line naming it), and does not resolve (`..` and
    /// symbolic links followed) to the root, the working folder or one of its parents,
    /// which `--force` would otherwise delete with everything in them.
    ///
    /// Nor may it be or hold one of the command's `inputs` (its scenario, sweep or
    /// calibration file and the files they extend): `--force` would delete them.
    ///
    /// Every command that writes an output folder (run, compare, sweep, sweep merge)
    /// calls this before creating or replacing anything.
    public static func checkedPath(_ path: String, inputs: [String] = []) throws(OutputError) -> String {
        guard !path.isEmpty else { throw OutputError("the output folder name is empty") }
        if let scalar = path.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            throw OutputError("the output folder \(JSONValue.excerpt(path)) holds the control character U+\(String(repeating: "0", count: 4 - code.count) + code); choose a plain name")
        }
        // A symbolic link that leads nowhere, on the way or as the folder itself, would
        // otherwise fail as "a file with the same name already exists".
        var ancestor = URL(fileURLWithPath: path).standardizedFileURL
        while ancestor.path != "/" {
            if let problem = brokenLinkProblem(ancestor.path) {
                throw OutputError("cannot create the output folder \(JSONValue.excerpt(path)): \(ancestor.path) is a symbolic link that \(problem); remove it or choose another folder")
            }
            ancestor.deleteLastPathComponent()
        }
        let final = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let working = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
            .resolvingSymlinksInPath().path
        let isRoot = final == "/" || final.isEmpty
        if isRoot || working == final || working.hasPrefix(final.hasSuffix("/") ? final : final + "/") {
            let what = isRoot ? "the root folder" : working == final ? "the working folder" : "a parent of the working folder"
            throw OutputError("\(JSONValue.excerpt(path)) is \(what) (\(final)); an output folder must be a folder of its own, such as runs/NAME")
        }
        let folder = final.hasSuffix("/") ? final : final + "/"
        for input in inputs {
            let resolved = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
            if resolved == final || resolved.hasPrefix(folder) {
                throw OutputError("the output folder \(JSONValue.excerpt(path)) holds the input \(JSONValue.excerpt(input)), which --force would delete; choose an output folder of its own")
            }
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Why the symbolic link at `path` leads to nothing (its target is missing, or the
    /// links loop), or nil when `path` is not a link or leads somewhere.
    static func brokenLinkProblem(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, stat(path, &info) != 0 else { return nil }
        return errno == ELOOP ? "loops (\(String(cString: strerror(ELOOP))))" : "points to nothing (\(String(cString: strerror(errno))))"
    }
}
