/// Sequences as CSV: rows are timesteps, columns are features → `(T, D)`.
///
/// Comma-separated, `\n` or `\r\n` line endings (mixed too), no quoting; a UTF-8 byte-order mark
/// (Excel's "CSV UTF-8") is skipped. The first row is a header when every one of its fields is a
/// name (not empty, not a number); a first row of numbers is data, and one that mixes the two —
/// a typo, an empty field — is an error naming its row and column, as it is in any other row. Every
/// row must have as many fields as the first. Blank lines at the end are ignored; anywhere else
/// they are an error.
public enum CSVFormat {
    /// The parsed sequence and the header's column names (empty when there is none).
    public struct Table: Equatable, Sendable {
        public var columnNames: [String]
        public var array: FloatArray
    }

    /// The UTF-8 encoding of U+FEFF, which Excel and Notepad put before the text.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public static func parse(_ bytes: [UInt8], source: String) throws -> Table {
        func fail(_ problem: String) -> FileError { FileError(source, problem) }
        let body = bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else { throw fail("not UTF-8 text") }
        // "\r\n" is one Character in Swift, so both line endings are separators here.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        guard let first = lines.first else { throw fail("empty file") }

        let firstFields = fields(first)
        let hasHeader = try isHeader(firstFields, fail: fail)
        let columns = firstFields.count
        var values: [Float] = []
        for (index, line) in lines.enumerated() where !(hasHeader && index == 0) {
            let lineNumber = index + 1
            guard !line.allSatisfy(\.isWhitespace) else { throw fail("line \(lineNumber) is empty") }
            let row = fields(line)
            guard row.count == columns else {
                throw fail("line \(lineNumber) has \(row.count) fields, expected \(columns) (ragged rows)")
            }
            for (column, field) in row.enumerated() {
                guard let value = number(field) else { throw fail(notANumber(field, line: lineNumber, column: column)) }
                values.append(value)
            }
        }
        guard !values.isEmpty || !hasHeader else { throw fail("a header row but no data rows") }
        return Table(columnNames: hasHeader ? firstFields.map(String.init) : [],
                     array: FloatArray(shape: [values.count / columns, columns], values: values))
    }

    /// Whether the first row is a header: every field a name. A row of numbers is data; any other
    /// row is refused at its first field that is neither.
    private static func isHeader(_ fields: [Substring], fail: (String) -> FileError) throws -> Bool {
        let isNumber = fields.map { number($0) != nil }
        if !isNumber.contains(false) { return false }
        if !isNumber.contains(true) && !fields.contains(where: \.isEmpty) { return true }
        let bad = fields.indices.first { !isNumber[$0] && (isNumber.contains(true) || fields[$0].isEmpty) }!
        let reason = isNumber.firstIndex(of: true).map {
            ", and line 1 is not a header (column \($0 + 1) is the number '\(fields[$0])'; a header names every column)"
        } ?? " (a header names every column)"
        throw fail(notANumber(fields[bad], line: 1, column: bad) + reason)
    }

    /// `line L, column C: 'x' is not a number`, or `… is empty` (`column` counts from 0).
    private static func notANumber(_ field: Substring, line: Int, column: Int) -> String {
        field.isEmpty ? "line \(line), column \(column + 1) is empty" : "line \(line), column \(column + 1): '\(field)' is not a number"
    }

    private static func fields(_ line: Substring) -> [Substring] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { field in
            let trimmed = field.drop { $0 == " " || $0 == "\t" }
            return trimmed.dropLast(trimmed.reversed().prefix { $0 == " " || $0 == "\t" }.count)
        }
    }

    /// A decimal number (as Python's `float()` reads it: digits, sign, exponent, `nan`, `inf`).
    private static func number(_ field: Substring) -> Float? {
        guard !field.isEmpty, field.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
              !field.lowercased().hasPrefix("0x"), !field.lowercased().contains("p") else { return nil }
        return Float(field)
    }
}
