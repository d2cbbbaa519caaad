import Foundation

/// OAI-PMH datestamps: the two request granularities (`YYYY-MM-DD`, `YYYY-MM-DDThh:mm:ssZ`) and the
/// normalisation of stored datestamps to UTC seconds (the store's `datestamp_utc`, the data provider's headers).
public enum UTCDatestamp {
    /// The granularity of a datestamp argument.
    public typealias Granularity = DatestampGranularity

    /// A valid `from`/`until` argument.
    public struct Argument: Sendable, Equatable {
        /// The argument as the harvester sent it.
        public var text: String
        public var granularity: Granularity
        /// The earliest second the argument covers (`YYYY-MM-DDThh:mm:ssZ`).
        public var start: String
        /// The latest second the argument covers (the day's 23:59:59 for a day).
        public var end: String
    }

    /// Parses a `from`/`until` argument in one of the two OAI-PMH granularities; nil when it is neither
    /// or names no real date or time.
    public static func parseArgument(_ text: String) -> Argument? {
        let bytes = Array(text.utf8)
        guard let (year, month, day) = date(bytes), isValidDay(year: year, month: month, day: day) else { return nil }
        let dayText = String(decoding: bytes[0..<10], as: UTF8.self)
        if bytes.count == 10 {
            return Argument(text: text, granularity: .day, start: dayText + "T00:00:00Z", end: dayText + "T23:59:59Z")
        }
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[19] == UInt8(ascii: "Z"),
              let (hour, minute, second) = time(bytes, at: 11), hour < 24, minute < 60, second < 60 else { return nil }
        return Argument(text: text, granularity: .seconds, start: text, end: text)
    }

    /// A stored datestamp as UTC seconds (`YYYY-MM-DDThh:mm:ssZ`): a day becomes its first second, fractions are
    /// dropped, an offset is applied, a missing zone is read as UTC, missing seconds as 0, a space as `T`. Nil when
    /// the text is no datestamp.
    public static func normalise(_ text: String) -> String? {
        if isSeconds(text) { return text }
        let bytes = Array(text.utf8)
        guard let (year, month, day) = date(bytes), isValidDay(year: year, month: month, day: day) else { return nil }
        if bytes.count == 10 { return String(decoding: bytes[0..<10], as: UTF8.self) + "T00:00:00Z" }
        guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else { return nil }
        let withSeconds = bytes.count >= 19 && bytes[16] == UInt8(ascii: ":")
        let clock = withSeconds ? time(bytes, at: 11) : minutes(bytes, at: 11).map { ($0.0, $0.1, 0) }
        guard let (hour, minute, second) = clock, hour < 24, minute < 60, second < 61 else { return nil }
        var index = withSeconds ? 19 : 16
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let digitsStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > digitsStart else { return nil }
        }
        var offsetMinutes = 0
        if index == bytes.count || (index == bytes.count - 1 && bytes[index] == UInt8(ascii: "Z")) {
            offsetMinutes = 0
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            let rest = Array(bytes[(index + 1)...])
            let digits: [UInt8]
            if rest.count == 5, rest[2] == UInt8(ascii: ":") { digits = [rest[0], rest[1], rest[3], rest[4]] }
            else if rest.count == 4 || rest.count == 2 { digits = rest.count == 2 ? rest + [0x30, 0x30] : rest }
            else { return nil }
            guard let hours = number(digits, 0, 2), let minutes = number(digits, 2, 2), hours < 24, minutes < 60 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        } else {
            return nil
        }
        let seconds = min(second, 59)
        let days = daysFromCivil(year: year, month: month, day: day)
        let total = days * 86_400 + hour * 3600 + minute * 60 + seconds - offsetMinutes * 60
        return format(secondsSinceEpoch: total)
    }

    /// True for `YYYY-MM-DDThh:mm:ssZ` naming a possible date and time (the form every readable datestamp is
    /// normalised to), checked without copying the text.
    public static func isSeconds(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
                  bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z") else { return false }
            func number(_ at: Int, _ digits: Int) -> Int? {
                var value = 0
                for index in at..<(at + digits) {
                    guard isDigit(bytes[index]) else { return nil }
                    value = value * 10 + Int(bytes[index] - 0x30)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
                  let minute = number(14, 2), let second = number(17, 2) else { return false }
            return isValidDay(year: year, month: month, day: day) && hour < 24 && minute < 60 && second < 60
        }
    }

    /// `date` in UTC seconds granularity.
    public static func format(_ date: Date) -> String {
        format(secondsSinceEpoch: Int(date.timeIntervalSince1970.rounded(.down)))
    }

    // MARK: - Helpers

    static func format(secondsSinceEpoch total: Int) -> String {
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secondOfDay = total - days * 86_400
        let (year, month, day) = civilFromDays(days)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func number(_ bytes: [UInt8], _ start: Int, _ length: Int) -> Int? {
        guard start + length <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + length)] {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func date(_ bytes: [UInt8]) -> (Int, Int, Int)? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2) else { return nil }
        return (year, month, day)
    }

    private static func time(_ bytes: [UInt8], at start: Int) -> (Int, Int, Int)? {
        guard bytes.count >= start + 8, bytes[start + 2] == UInt8(ascii: ":"), bytes[start + 5] == UInt8(ascii: ":"),
              let hour = number(bytes, start, 2), let minute = number(bytes, start + 3, 2),
              let second = number(bytes, start + 6, 2) else { return nil }
        return (hour, minute, second)
    }

    private static func minutes(_ bytes: [UInt8], at start: Int) -> (Int, Int)? {
        guard bytes.count >= start + 5, bytes[start + 2] == UInt8(ascii: ":"),
              let hour = number(bytes, start, 2), let minute = number(bytes, start + 3, 2) else { return nil }
        return (hour, minute)
    }

    private static func isValidDay(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1, (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// A datestamp as a sortable UTC timestamp, `YYYY-MM-DDThh:mm:ssZ`: `YYYY-MM-DD` becomes its first second
    /// (or last, `endOfDay`). Forms some repositories send beside OAI-PMH's own are read too: fractional
    /// seconds (dropped), a UTC offset instead of `Z` (applied), a space for `T`, no seconds. Anything else
    /// stays as it is.
    public static func sortable(_ datestamp: String, endOfDay: Bool = false) -> String {
        let trimmed = datestamp.utf8.first == 0x20 || datestamp.utf8.last == 0x20 || datestamp.utf8.first == 0x09
            || datestamp.utf8.last == 0x09 ? datestamp.trimmingCharacters(in: .whitespaces) : datestamp
        let count = trimmed.utf8.count
        if count == 10, trimmed.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }) {
            return trimmed + (endOfDay ? "T23:59:59Z" : "T00:00:00Z")
        }
        if count == 20, trimmed.utf8.last == UInt8(ascii: "Z"), trimmed.utf8.dropFirst(10).first == UInt8(ascii: "T") {
            return trimmed
        }
        return normalise(trimmed) ?? trimmed
    }
}
