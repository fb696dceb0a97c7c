import FeedwatchModel
import FeedwatchParse
import Foundation
import Testing

@Suite("RSS channel scheduling hints")
struct ChannelScheduleTests {
    func feed(_ channel: String, root: String = "<rss version=\"2.0\">", end: String = "</rss>") throws -> Feed {
        let document = "\(root)<channel><title>T</title>\(channel)<item><title>x</title></item></channel>\(end)"
        return try FeedParser().parse(Data(document.utf8)).feed
    }

    static let timeToLiveCases: [(channel: String, expected: Int?)] = [
        ("<ttl>60</ttl>", 60),
        ("<ttl> 0 </ttl>", 0),
        ("<ttl>\n  1440\n</ttl>", 1440),
        ("<ttl>-5</ttl>", nil),
        ("<ttl>+5</ttl>", nil),
        ("<ttl>1.5</ttl>", nil),
        ("<ttl>sixty</ttl>", nil),
        ("<ttl></ttl>", nil),
        ("<ttl>99999999999999999999999</ttl>", nil),
        ("", nil),
        ("<ttl>abc</ttl><ttl>30</ttl>", 30),
        ("<ttl>15</ttl><ttl>30</ttl>", 15),
        ("<ttl unit=\"minutes\">45</ttl>", 45),
        ("<foo:ttl xmlns:foo=\"http://example.org/x\">60</foo:ttl>", nil),
    ]

    @Test("ttl is a non-negative integer of minutes from the channel, else nil", arguments: timeToLiveCases)
    func timeToLive(channel: String, expected: Int?) throws {
        #expect(try feed(channel).ttlMinutes == expected)
    }

    static let skipHoursCases: [(channel: String, expected: [Int])] = [
        ("<skipHours><hour>0</hour><hour>23</hour></skipHours>", [0, 23]),
        ("<skipHours><hour>24</hour></skipHours>", [0]),
        ("<skipHours><hour> 7 </hour><hour>25</hour><hour>-1</hour><hour>x</hour></skipHours>", [7]),
        ("<skipHours><hour>3</hour><hour>3</hour><hour>24</hour><hour>0</hour></skipHours>", [3, 0]),
        ("<skipHours><hour>5</hour></skipHours><skipHours><hour>6</hour></skipHours>", [5, 6]),
        ("<hour>4</hour>", []),
        ("<skipHours></skipHours>", []),
        ("", []),
    ]

    @Test("skipHours keeps hours 0-23 (24 read as 0) once each, in document order", arguments: skipHoursCases)
    func skipHours(channel: String, expected: [Int]) throws {
        #expect(try feed(channel).skipHours == expected)
    }

    static let skipDaysCases: [(channel: String, expected: [String])] = [
        ("<skipDays><day>Saturday</day><day>Sunday</day></skipDays>", ["Saturday", "Sunday"]),
        ("<skipDays><day>monday</day><day> TUESDAY </day></skipDays>", ["Monday", "Tuesday"]),
        ("<skipDays><day>Mon</day><day>Funday</day><day>Friday</day></skipDays>", ["Friday"]),
        ("<skipDays><day>Sunday</day><day>sunday</day></skipDays>", ["Sunday"]),
        ("<day>Monday</day>", []),
        ("", []),
    ]

    @Test("skipDays keeps English day names, capitalised, once each, in document order", arguments: skipDaysCases)
    func skipDays(channel: String, expected: [String]) throws {
        #expect(try feed(channel).skipDays == expected)
    }

    @Test("hints inside an item are not the channel's")
    func itemHintsIgnored() throws {
        let document = """
            <rss version="2.0"><channel><title>T</title><item><title>x</title><ttl>5</ttl>\
            <skipHours><hour>1</hour></skipHours><skipDays><day>Monday</day></skipDays></item></channel></rss>
            """
        let parsed = try FeedParser().parse(Data(document.utf8)).feed
        #expect(parsed.ttlMinutes == nil)
        #expect(parsed.skipHours.isEmpty)
        #expect(parsed.skipDays.isEmpty)
        #expect(parsed.items.first?.title == "x")
    }

    static let formatCases: [(root: String, end: String, hasHints: Bool)] = [
        ("<rss version=\"0.91\">", "</rss>", true),
        ("<rss version=\"0.92\">", "</rss>", true),
        ("<rss>", "</rss>", true),
        ("<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\">", "</rss>", true),
        ("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">",
         "</rdf:RDF>", false),
    ]

    @Test("only RSS 0.91-2.0 channels carry the hints", arguments: formatCases)
    func onlyRSS(root: String, end: String, hasHints: Bool) throws {
        let parsed = try feed(
            "<ttl>60</ttl><skipHours><hour>1</hour></skipHours><skipDays><day>Monday</day></skipDays>", root: root,
            end: end)
        #expect(parsed.ttlMinutes == (hasHints ? 60 : nil))
        #expect(parsed.skipHours == (hasHints ? [1] : []))
        #expect(parsed.skipDays == (hasHints ? ["Monday"] : []))
    }

    @Test("an Atom feed has no hints even with RSS-named elements")
    func atomHasNone() throws {
        let document = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><ttl>60</ttl>\
            <skipHours><hour>1</hour></skipHours></feed>
            """
        let parsed = try FeedParser().parse(Data(document.utf8)).feed
        #expect(parsed.format == .atom)
        #expect(parsed.ttlMinutes == nil)
        #expect(parsed.skipHours.isEmpty)
    }

    @Test("parse --json prints the hints beside the channel fields")
    func jsonKeys() throws {
        let parsed = try feed("<ttl>30</ttl><skipHours><hour>2</hour><hour>3</hour></skipHours><skipDays><day>sunday</day></skipDays>")
        let json = FeedJSON.encode(parsed)
        #expect(json.contains(#""ttl_minutes":30,"skip_hours":[2,3],"skip_days":["Sunday"],"items":["#))
        let none = FeedJSON.encode(try feed(""))
        #expect(none.contains(#""ttl_minutes":null,"skip_hours":[],"skip_days":[],"items":["#))
    }
}
