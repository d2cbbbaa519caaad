import Testing
@testable import EDM
