import Foundation

extension Scenario {
    /// Decodes a scenario from JSON whose keys are complete (defaults filled) and valid.
    public static func decode(json data: Data) throws -> Scenario {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.allowsJSON5 = true
        return try decoder.decode(Scenario.self, from: data)
    }
}
