import Foundation
import Reporting

/// The state file of a sweep folder: which sweep and shard it holds and whether all of
/// its runs are done.
struct SweepState: Equatable {
    enum Status: String { case running, complete }

    let sweepHash: String
    let shard: ShardSpec
    let status: Status

    var text: String {
        "{\"sweep_hash\":\"\(sweepHash)\",\"shard\":\"\(shard)\",\"status\":\"\(status.rawValue)\"}\n"
    }

    func write(folder: String) throws(SweepError) {
        try SweepOutputFolder.writeAtomically(text, to: folder + "/" + OutputFileNames.Sweep.state)
    }

    static func read(folder: String) throws(SweepError) -> SweepState {
        struct Stored: Decodable {
            let sweep_hash: String
            let shard: String
            let status: String
        }
        let path = folder + "/" + OutputFileNames.Sweep.state
        let text = try SweepOutputFolder.read(path)
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(text.utf8)),
              let status = Status(rawValue: stored.status) else {
            throw SweepError(.corruptFolder, "\(path): not a sweep state file")
        }
        let shard: ShardSpec
        do {
            shard = try ShardSpec(parsing: stored.shard)
        } catch {
            throw SweepError(.corruptFolder, "\(path): \(error.description)")
        }
        return SweepState(sweepHash: stored.sweep_hash, shard: shard, status: status)
    }
}
