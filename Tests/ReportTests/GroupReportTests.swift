import Testing
@testable import Report

@Suite struct GroupReportTests {
    @Test func kindsAreTheThreeGroupings() {
        #expect(GroupKind.allCases.map(\.rawValue) == ["dataset", "provider", "store"])
    }
}
