import Testing
@testable import OAIPMH
