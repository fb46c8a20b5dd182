/// Sequences as CSV: rows are timesteps, columns are features → `(T, D)`.
///
/// Comma-separated, `\n` or `\r\n` line endings, no quoting. The first row is a header of names
/// when any of its fields is not a number; every other row must have as many fields as the first
/// and only numbers. Blank lines at the end are ignored; anywhere else they are an error.
public enum CSVFormat {
    /// The parsed sequence and the header's column names (empty when there is none).
    public struct Table: Equatable, Sendable {
        public var columnNames: [String]
        public var array: FloatArray
    }

    public static func parse(_ bytes: [UInt8], source: String) throws -> Table {
        func fail(_ problem: String) -> FileError { FileError(source, problem) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("not UTF-8 text") }
        // "\r\n" is one Character in Swift, so both line endings are separators here.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        guard let first = lines.first else { throw fail("empty file") }

        let firstFields = fields(first)
        let hasHeader = firstFields.contains { number($0) == nil }
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
                guard let value = number(field) else {
                    throw fail("line \(lineNumber), column \(column + 1): '\(field)' is not a number")
                }
                values.append(value)
            }
        }
        guard !values.isEmpty || !hasHeader else { throw fail("a header row but no data rows") }
        return Table(columnNames: hasHeader ? firstFields.map(String.init) : [],
                     array: FloatArray(shape: [values.count / columns, columns], values: values))
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
