import Testing
@testable import DataProvider
