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

@Suite("Korean, Greek and Hungarian feed dates")
struct LocalizedFeedDateTests {
    static let accepted: [(String, String)] = [
        // Korean OnBlog and Nate forms are Korea time (+09:00); 오후 (p.m.) adds 12 hours.
        ("2004년 05월 28일  01:31:15", "2004-05-27T16:31:15Z"),
        ("2004년 05월 28일 13:31:15", "2004-05-28T04:31:15Z"),
        ("2004-05-25 오후 11:23:17", "2004-05-25T14:23:17Z"),
        ("2004-05-25 오전 11:23:17", "2004-05-25T02:23:17Z"),
        ("2004-05-25 오전 9:05:07", "2004-05-25T00:05:07Z"),
        // Greek day and month abbreviations in an RFC 822 date.
        ("Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00Z"),
        ("Δευ, 02 Φεβ 2026 08:30:00 GMT", "2026-02-02T08:30:00Z"),
        ("Παρ, 5 Δεκ 2025 23:59:59 EET", "2025-12-05T21:59:59Z"),
        // Hungarian month names in an ISO-like date.
        ("2004-július-13T9:15-05:00", "2004-07-13T14:15:00Z"),
        ("2026-február-3T04:05+01:00", "2026-02-03T03:05:00Z"),
        ("2025-december-31T23:30+00:00", "2025-12-31T23:30:00Z"),
    ]

    @Test("each localized form gives the UTC instant", arguments: accepted)
    func acceptedForms(input: String, expected: String) {
        #expect(FeedDate.parse(input).map(FeedJSON.timestamp) == expected)
    }

    static let rejected: [String] = [
        "2004-05-25 오후 12:23:17",  // p.m. 12 makes hour 24
        "2004년 13월 28일 01:31:15",  // month 13
        "Κυρ, 11 Xyz 2004 12:00:00 EST",  // no such month
        "Xyz, 11 Ιούλ 2004 12:00:00 EST",  // no such day
        "Κυρ, 11 Ιούλ 2004 12:00:00 IST",  // ambiguous zone
        "2004-juli-13T9:15-05:00",  // not a Hungarian month name
        "2004-február-30T9:15-05:00",  // February 30
    ]

    @Test("impossible or unknown localized dates are nil", arguments: rejected)
    func rejectedForms(input: String) {
        #expect(FeedDate.parse(input) == nil)
    }
}
