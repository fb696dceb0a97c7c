import Foundation
import FeedwatchModel

/// The normalized feed document of shared/spec/parse-json.md, as one line of JSON.
public enum FeedJSON {
    /// Encodes `feed` as the parse-json.md document: every key present, in the spec's order, on one line.
    public static func encode(_ feed: Feed) -> String {
        var output = ""
        output.reserveCapacity(1024 + feed.items.count * 512)
        output += "{\"format\":"
        appendString(feed.format.rawValue, to: &output)
        output += ",\"version\":"
        appendOptional(feed.version, to: &output)
        output += ",\"title\":"
        appendOptional(feed.title, to: &output)
        output += ",\"link\":"
        appendOptional(feed.link, to: &output)
        output += ",\"description\":"
        appendOptional(feed.description, to: &output)
        output += ",\"language\":"
        appendOptional(feed.language, to: &output)
        output += ",\"updated\":"
        appendOptional(feed.updated.map(timestamp), to: &output)
        output += ",\"ttl_minutes\":"
        output += feed.ttlMinutes.map { String($0) } ?? "null"
        output += ",\"skip_hours\":["
        output += feed.skipHours.map { String($0) }.joined(separator: ",")
        output += "],\"skip_days\":"
        appendList(feed.skipDays, to: &output)
        output += ",\"items\":["
        for (index, item) in feed.items.enumerated() {
            if index > 0 { output += "," }
            output += "{\"id\":"
            appendOptional(item.id, to: &output)
            output += ",\"title\":"
            appendOptional(item.title, to: &output)
            output += ",\"link\":"
            appendOptional(item.link, to: &output)
            output += ",\"published\":"
            appendOptional(item.published.map(timestamp), to: &output)
            output += ",\"updated\":"
            appendOptional(item.updated.map(timestamp), to: &output)
            output += ",\"summary\":"
            appendOptional(item.summary, to: &output)
            output += ",\"content\":"
            appendOptional(item.content, to: &output)
            output += ",\"authors\":"
            appendList(item.authors, to: &output)
            output += ",\"categories\":"
            appendList(item.categories, to: &output)
            output += ",\"enclosures\":["
            for (position, enclosure) in item.enclosures.enumerated() {
                if position > 0 { output += "," }
                output += "{\"url\":"
                appendString(enclosure.url, to: &output)
                output += ",\"type\":"
                appendOptional(enclosure.type, to: &output)
                output += ",\"length\":"
                output += enclosure.length.map { String($0) } ?? "null"
                output += "}"
            }
            output += "]}"
        }
        output += "]}"
        return output
    }

    /// RFC 3339 UTC with whole seconds and `Z`.
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86400
        var remainder = seconds % 86400
        if remainder < 0 {
            remainder += 86400
            days -= 1
        }
        // Howard Hinnant's civil_from_days.
        let shifted = days + 719468
        let era = (shifted >= 0 ? shifted : shifted - 146096) / 146097
        let dayOfEra = shifted - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(remainder / 3600, 2)):\(pad(remainder / 60 % 60, 2)):\(pad(remainder % 60, 2))Z"
    }

    private static func appendOptional(_ value: String?, to output: inout String) {
        if let value { appendString(value, to: &output) } else { output += "null" }
    }

    private static func appendList(_ values: [String], to output: inout String) {
        output += "["
        for (index, value) in values.enumerated() {
            if index > 0 { output += "," }
            appendString(value, to: &output)
        }
        output += "]"
    }

    private static let hexDigits = Array("0123456789abcdef")

    private static func appendString(_ value: String, to output: inout String) {
        output += "\""
        var needsEscaping = false
        for byte in value.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            needsEscaping = true
            break
        }
        if !needsEscaping {
            output += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\n": output += "\\n"
                case "\r": output += "\\r"
                case "\t": output += "\\t"
                default:
                    if scalar.value < 0x20 {
                        output += "\\u00"
                        output.append(hexDigits[Int(scalar.value >> 4)])
                        output.append(hexDigits[Int(scalar.value & 0xF)])
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        output += "\""
    }
}
