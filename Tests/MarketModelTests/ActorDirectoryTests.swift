import Foundation
@testable import MarketModel
import ScenarioFormat
import Testing
import TestSupport

/// The actor directory hands out every actor's `ActorID`: each role's i-th actor maps
/// to the scenario's own entry for it, and back, with every actor given once.
@Suite("Actor directory")
struct ActorDirectoryTests {
    @Test("Each role's i-th actor is the scenario's i-th actor of that role, and role(of:) inverts it")
    func rolesRoundTrip() throws {
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"))
        let a = loaded.scenario.actors, directory = loaded.compiled.actorDirectory
        let roles: [(ActorKind, [String], (Int) -> ActorID)] = [
            (.frontierLab, a.frontier.map(\.id), directory.frontier), (.openLab, a.openLabs.map(\.id), directory.open),
            (.distiller, a.distillers.map(\.id), directory.distiller), (.infra, a.infra.map(\.id), directory.infra),
        ]
        var seen: [ActorID] = []
        for (kind, ids, actor) in roles {
            #expect(!ids.isEmpty, "base.json has no \(kind.name): the round trip would not cover it")
            for (i, id) in ids.enumerated() {
                let x = actor(i)
                #expect(directory.id(of: x) == id)
                #expect(directory.kind(of: x) == kind)
                #expect(directory.role(of: x) == (kind, i))
                seen.append(x)
            }
        }
        // Frontier labs, open labs, distillers, hosts: the order results and streams use.
        #expect(seen == directory.all)
        #expect(directory.labs == Array(seen.prefix(a.frontier.count + a.openLabs.count)))
    }
}
