@testable import MarketModel
import Testing

@Suite("Token cost identities (C1-C3)")
struct TokenCostTests {
    @Test("100M tokens a day is 36,500 million tokens a year")
    func yearOfTokens() {
        #expect(TokenCost.millionTokensPerYear(tokensPerDay: 100_000_000) == 36_500)
    }

    @Test("C1: Claude Opus 4.6 at its $15 input price costs $547,500 a year")
    func c1() {
        #expect(TokenCost.annualCostUsd(tokensPerDay: 1e8, input: 15, output: 75, basis: .input) == 547_500)
    }

    @Test("C2: Kimi K2.5 at its $3 output price costs $109,500 a year")
    func c2() {
        #expect(TokenCost.annualCostUsd(tokensPerDay: 1e8, input: 0.60, output: 3, basis: .output) == 109_500)
    }

    @Test("C3: Qwen3-235B at its single $0.25 price costs $9,125 a year")
    func c3() {
        #expect(TokenCost.annualCostUsd(tokensPerDay: 1e8, input: 0.25, output: 0.25, basis: .single) == 9_125)
    }

    @Test("Blended 3:1: Opus 4.6 at $5/$25 is $10 per M tokens, $365,000 a year (docs/facts.md caveat)")
    func blended() {
        #expect(TokenCost.price(input: 5, output: 25, basis: .blended(inputShare: 0.75)) == 10)
        #expect(TokenCost.annualCostUsd(tokensPerDay: 1e8, input: 5, output: 25, basis: .blended(inputShare: 0.75)) == 365_000)
        // C1 on the consistent basis: Opus 4.6's old $15/$75 blended is $30, twice C1's figure.
        #expect(TokenCost.annualCostUsd(tokensPerDay: 1e8, input: 15, output: 75, basis: .blended(inputShare: 0.75)) == 1_095_000)
    }
}
