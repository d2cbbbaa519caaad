import Testing
@testable import OAIPMH

@Suite struct RequestTests {
    @Test func oddSetSpecsArePercentEncodedOnce() {
        let request = OAIRequest.listRecords(metadataPrefix: "edm", set: "a b&c+d/e:f Müller~", from: "2020-01-01")
        #expect(request.queryString
                == "verb=ListRecords&metadataPrefix=edm&from=2020-01-01&set=a%20b%26c%2Bd%2Fe%3Af%20M%C3%BCller~")
        #expect(request.url(base: "http://h/oai") == "http://h/oai?" + request.queryString)
        #expect(request.url(base: "http://h/oai?key=1") == "http://h/oai?key=1&" + request.queryString)
        #expect(OAIRequest.percentEncode("%41") == "%2541")
    }

    @Test func resumedRequestCarriesOnlyVerbAndTrimmedToken() {
        let request = OAIRequest.resumed(verb: .listIdentifiers, token: "\n   edm:smvk-mm:*:*:50:2932\n   ")
        #expect(request.queryString == "verb=ListIdentifiers&resumptionToken=edm%3Asmvk-mm%3A%2A%3A%2A%3A50%3A2932")
    }

    @Test func everyVerb() {
        #expect(OAIRequest.identify.queryString == "verb=Identify")
        #expect(OAIRequest.listSets.queryString == "verb=ListSets")
        #expect(OAIRequest.listMetadataFormats(identifier: "oai:x:1").queryString
                == "verb=ListMetadataFormats&identifier=oai%3Ax%3A1")
        #expect(OAIRequest.listIdentifiers(metadataPrefix: "oai_dc", until: "2021-01-01T00:00:00Z").queryString
                == "verb=ListIdentifiers&metadataPrefix=oai_dc&until=2021-01-01T00%3A00%3A00Z")
        #expect(OAIRequest.getRecord(identifier: "http://data.europeana.eu/item/1/a b", metadataPrefix: "edm").queryString
                == "verb=GetRecord&identifier=http%3A%2F%2Fdata.europeana.eu%2Fitem%2F1%2Fa%20b&metadataPrefix=edm")
    }

    @Test func retryPolicyFollowsTheRules() {
        var random = FixedRandom()
        let policy = RetryPolicy(maxAttempts: 4, base: 1, cap: 30, retryAfterCap: 300)
        let url = "http://h/oai"
        let busy = OAIClientError.httpStatus(code: 503, retryAfter: 120, url: url)
        #expect(policy.delay(after: busy, attempt: 1, random: &random) == 120)
        #expect(policy.delay(after: .httpStatus(code: 429, retryAfter: 9000, url: url), attempt: 1, random: &random) == 300)
        // Without Retry-After: half to all of base·2ⁿ⁻¹ (the fixed generator gives the upper end).
        let error = OAIClientError.httpStatus(code: 500, retryAfter: nil, url: url)
        #expect(policy.delay(after: error, attempt: 1, random: &random) == 1)
        #expect(policy.delay(after: error, attempt: 3, random: &random) == 4)
        #expect(policy.delay(after: error, attempt: 4, random: &random) == nil)
        #expect(RetryPolicy(base: 1, cap: 30).delay(after: error, attempt: 7, random: &random) == 30)
        #expect(policy.delay(after: .httpStatus(code: 404, retryAfter: nil, url: url), attempt: 1, random: &random) == nil)
        #expect(policy.delay(after: .oai(.badArgument("x"), url: url), attempt: 1, random: &random) == nil)
        #expect(policy.delay(after: .transport(.timeout(url: url)), attempt: 1, random: &random) == 1)
        #expect(policy.delay(after: .malformed(url: url, detail: "eof"), attempt: 2, random: &random) == 2)
        #expect(policy.delay(after: .transport(.tls(url: url, detail: "bad cert")), attempt: 1, random: &random) == nil)
    }

    @Test func retryAfterParsesSecondsAndDates() {
        #expect(OAIClient.retryAfter("120") == 120)
        #expect(OAIClient.retryAfter(" 0 ") == 0)
        #expect(OAIClient.retryAfter(nil) == nil)
        #expect(OAIClient.retryAfter("soon") == nil)
        // Only digits are delay-seconds; huge values are read as a year (a harvester caps them further).
        #expect(OAIClient.retryAfter("2.5") == 2.5)
        for odd in ["1e30", "inf", "nan", "0x10", "-5", "+5", "5.", ".5", "1.2.3"] { #expect(OAIClient.retryAfter(odd) == nil) }
        for huge in ["99999999999999999999", "9223372036854775807", String(repeating: "9", count: 400)] {
            #expect(OAIClient.retryAfter(huge) == OAIClient.maximumRetryAfter)
        }
        #expect(OAIClient.retryAfter("Fri, 31 Dec 9999 23:59:59 GMT") == OAIClient.maximumRetryAfter)
        #expect(OAIClientError.httpStatus(code: 503, retryAfter: OAIClient.maximumRetryAfter, url: "u").description
                == "HTTP 503 from u (Retry-After 31536000 s)")
        let now = Date(timeIntervalSince1970: 1_445_412_420)  // Wed, 21 Oct 2015 07:27:00 GMT
        #expect(OAIClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == 60)
    }
}

/// A generator that always returns the largest value (so jittered delays are their upper bound).
struct FixedRandom: RandomNumberGenerator {
    mutating func next() -> UInt64 { UInt64.max }
}

import Foundation
