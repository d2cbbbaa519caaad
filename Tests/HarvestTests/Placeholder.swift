import Testing
@testable import Harvest
