import Testing
@testable import MarketModel
