import Foundation
import TestSupport
import Testing

@Suite("names and file kinds in errors", .serialized)
struct NameErrorTests {
    @Test("A misspelt or miscased shipped name gets a suggestion", arguments: [("bulll", "bull"), ("Bull", "bull"), ("baes.json", "base")])
    func didYouMean(given: String, meant: String) throws {
        let r = try CLI.run(["run", given, "--replications", "1"], in: try CLI.temporaryFolder("names"))
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(given): no such file, and no shipped scenario of that name (did you mean \"\(meant)\"?)"), "\(r.stderr)")
    }

    @Test("A sweep file or an output folder given as a scenario is named for what it is")
    func fileKinds() throws {
        let tmp = try CLI.temporaryFolder("kinds")
        let sweep = try CLI.run(["run", "Scenarios/sweeps/small.json", "--out", tmp + "/x"])
        #expect(sweep.status != 0)
        #expect(sweep.stderr.contains("Scenarios/sweeps/small.json: this is a sweep file, not a scenario: run it with `marketsim sweep Scenarios/sweeps/small.json`"),
                "\(sweep.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp + "/x"))
        #expect(try CLI.run(["run", "base", "--set", "buyers.count=200", "--set", "months=3", "--replications", "1", "--quiet",
                             "--out", tmp + "/run"]).status == 0)
        let folder = try CLI.run(["run", tmp + "/run"])
        #expect(folder.status != 0)
        #expect(folder.stderr.contains("\(tmp)/run: is a run's output folder, not a scenario file: `marketsim report \(tmp)/run` draws it"),
                "\(folder.stderr)")
        let calibration = try CLI.run(["run", "Scenarios/calibration/history.json", "--out", tmp + "/y"])
        #expect(calibration.status != 0)
        #expect(calibration.stderr.contains("Scenarios/calibration/history.json: this is a calibration file, not a scenario: "
                                            + "run it with `marketsim calibrate Scenarios/calibration/history.json`"),
                "\(calibration.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp + "/y"))
        let plain = try CLI.run(["validate", tmp])
        #expect(plain.stderr.contains("\(tmp): is a folder, not a scenario file"), "\(plain.stderr)")
    }

    @Test("extends names a shipped scenario even where a folder of that name sits beside the file")
    func extendsPastAFolder() throws {
        let tmp = try CLI.temporaryFolder("extends-folder")
        try FileManager.default.createDirectory(atPath: tmp + "/base", withIntermediateDirectories: true)
        try CLI.write(#"{"extends": "base", "name": "small", "months": 24}"#, to: tmp + "/small.json")
        let r = try CLI.run(["validate", "small.json"], in: tmp)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("A --set that makes an unknown key is blamed, not the scenario file")
    func setAttribution() throws {
        let r = try CLI.run(["run", "base", "--set", "buyer.count=100", "--out", try CLI.temporaryFolder("set") + "/x"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--set buyer.count=100: buyer: unknown key (did you mean \"buyers\"?)"), "\(r.stderr)")
        #expect(!r.stderr.contains("base.json: buyer"))
    }

    @Test("A shipped sweep runs by name, shrunk from the command line; a scenario given to sweep is named as one")
    func sweepByName() throws {
        let tmp = try CLI.temporaryFolder("sweepname")
        let r = try CLI.run(["sweep", "gap", "--samples", "3", "--replications", "1", "--set", "buyers.count=100",
                             "--set", "months=12", "--quiet", "--jobs", "2", "--out", tmp + "/g"], in: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        let runs = String(decoding: try #require(CLI.contents(tmp + "/g/runs.csv")), as: UTF8.self)
        #expect(runs.split(separator: "\n").count == 1 + 3)
        let grown = try CLI.run(["sweep", "small", "--replications", "2", "--quiet", "--out", tmp + "/s"], in: tmp)
        #expect(grown.status == 0, "\(grown.stderr)")
        #expect(String(decoding: try #require(CLI.contents(tmp + "/s/runs.csv")), as: UTF8.self).split(separator: "\n").count == 1 + 4 * 2)
        let bad = try CLI.run(["sweep", "small", "--set", "buyer.count=1", "--out", tmp + "/b"], in: tmp)
        #expect(bad.status != 0 && bad.stderr.contains("--set buyer.count=1: buyer: unknown key"), "\(bad.stderr)")
        let scenario = try CLI.run(["sweep", CLI.root + "/Scenarios/bull.json", "--out", tmp + "/x"])
        #expect(scenario.stderr.contains("this is a scenario file, not a sweep: run it with `marketsim run"), "\(scenario.stderr)")
    }

    @Test("\"extends\": \"base\" finds the shipped base from any folder")
    func extendsShipped() throws {
        let tmp = try CLI.temporaryFolder("extends")
        try CLI.write("{\"extends\": \"base\", \"name\": \"mine\", \"months\": 3, \"buyers\": {\"count\": 100}}", to: tmp + "/mine.json")
        let r = try CLI.run(["validate", "mine.json"], in: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ok (mine:"))
    }

    @Test("An id that matches no element of the base, with fewer keys than any, is named as a typo")
    func idTypo() throws {
        let tmp = try CLI.temporaryFolder("idtypo")
        try CLI.write("{\"extends\": \"base\", \"name\": \"x\", \"segments\": [{\"id\": \"codng\", \"distillability\": 0.5}]}", to: tmp + "/x.json")
        let r = try CLI.run(["validate", "x.json"], in: tmp)
        #expect(r.status != 0)
        #expect(r.stderr.contains("x.json: segments[0].id: \"codng\" matches no element of the extended scenario (did you mean \"coding\"?)"), "\(r.stderr)")
        #expect(!r.stderr.contains("demand_share"))
    }
}
