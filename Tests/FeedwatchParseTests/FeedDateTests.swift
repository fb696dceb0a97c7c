import Foundation
import Testing

@testable import FeedwatchParse

@Suite("Feed dates")
struct FeedDateTests {
    static let accepted: [(String, String)] = [
        ("Tue, 03 Feb 2026 04:05:06 GMT", "2026-02-03T04:05:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 +0000", "2026-02-03T04:05:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 -0500", "2026-02-03T09:05:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 +05:30", "2026-02-02T22:35:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 EST", "2026-02-03T09:05:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 PDT", "2026-02-03T11:05:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 Z", "2026-02-03T04:05:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 UTC", "2026-02-03T04:05:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 CEST", "2026-02-03T02:05:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 JST", "2026-02-02T19:05:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 GMT-05:00", "2026-02-03T09:05:06Z"),
        ("Tue, 03 Feb 2026 04:05:06 Etc/GMT", "2026-02-03T04:05:06Z"),
        ("3 Feb 2026 04:05 GMT", "2026-02-03T04:05:00Z"),
        ("Tue, 03 Feb 26 04:05:06 GMT", "2026-02-03T04:05:06Z"),
        ("Wed, 03 Feb 99 04:05:06 GMT", "1999-02-03T04:05:06Z"),
        ("Tue, Feb 03 2026 04:05:06 GMT", "2026-02-03T04:05:06Z"),
        ("03 Feb 2026", "2026-02-03T00:00:00Z"),
        ("Tuesday, 03 February 2026 04:05:06 GMT", "2026-02-03T04:05:06Z"),
        ("2026-02-03T04:05:06Z", "2026-02-03T04:05:06Z"),
        ("2026-02-03T04:05:06.789Z", "2026-02-03T04:05:06Z"),
        ("2026-02-03T04:05:06+01:00", "2026-02-03T03:05:06Z"),
        ("2026-02-03T04:05:06-08:00", "2026-02-03T12:05:06Z"),
        ("2026-02-03T04:05:06", "2026-02-03T04:05:06Z"),
        ("2026-02-03T04:05Z", "2026-02-03T04:05:00Z"),
        ("2026-02-03T04:05:06+05", "2026-02-02T23:05:06Z"),  // ISO 8601 hours-only offset
        ("2026-02-03 04:05:06", "2026-02-03T04:05:06Z"),
        ("2026-02-03", "2026-02-03T00:00:00Z"),
        ("2003-12", "2003-12-01T00:00:00Z"),
        ("2003", "2003-01-01T00:00:00Z"),
        ("20260203T040506Z", "2026-02-03T04:05:06Z"),
        ("Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06Z"),
        ("  2026-02-03T04:05:06Z\n", "2026-02-03T04:05:06Z"),
    ]

    @Test("accepted forms give the UTC instant", arguments: accepted)
    func acceptedForms(input: String, expected: String) {
        let date = FeedDate.parse(input)
        #expect(date.map(FeedJSON.timestamp) == expected)
    }

    static let rejected: [String] = [
        "",
        "   ",
        "yesterday",
        "Tue, 03 Feb 2026 04:05:06",  // RFC 822 with a time but no zone
        "Tue, 03 Feb 2026 04:05:06 IST",  // ambiguous zone name
        "Tue, 03 Feb 2026 04:05:06 XYZ",  // unknown zone name
        "Tue, 30 Feb 2026 04:05:06 GMT",  // February 30
        "Tue, 03 Foo 2026 04:05:06 GMT",  // no such month
        "Tue, 03 Feb 2026 25:05:06 GMT",  // hour 25
        "2026-13-01T00:00:00Z",  // month 13
        "2026-02-30",  // February 30
        "03/02/2026",
    ]

    @Test("malformed and ambiguous dates are nil, never a guess", arguments: rejected)
    func rejectedForms(input: String) {
        #expect(FeedDate.parse(input) == nil)
    }

    @Test("timestamps are RFC 3339 UTC with whole seconds")
    func timestampFormat() {
        #expect(FeedJSON.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(FeedJSON.timestamp(Date(timeIntervalSince1970: 951_782_400.9)) == "2000-02-29T00:00:00Z")
        #expect(FeedJSON.timestamp(Date(timeIntervalSince1970: -86_400)) == "1969-12-31T00:00:00Z")
    }
}
