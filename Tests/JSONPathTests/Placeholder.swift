import Testing
@testable import JSONPath
