import Testing
@testable import Quality

@Suite struct QualityPlaceholder { @Test func loads() { _ = QualityModule.self } }
