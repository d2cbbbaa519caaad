import Testing
@testable import Import

@Suite struct ImportPlaceholderTests {
    @Test func builds() {}
}
