/// The dict literal of a `.npy` header, parsed strictly: exactly the keys `descr` (a string),
/// `fortran_order` (`True`/`False`) and `shape` (a tuple of non-negative integers), in any order.
struct NpyHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    struct ParseError: Error { var problem: String }

    init(parsing text: String) throws {
        var scanner = LiteralScanner(Array(text.utf8))
        var descr: String?, fortranOrder: Bool?, shape: [Int]?
        try scanner.expect("{")
        while !scanner.consume("}") {
            let key = try scanner.quotedString()
            try scanner.expect(":")
            switch key {
            case "descr": descr = try scanner.quotedString()
            case "fortran_order": fortranOrder = try scanner.boolean()
            case "shape": shape = try scanner.integerTuple()
            default: throw ParseError(problem: "unexpected key '\(key)'")
            }
            if !scanner.consume(",") {
                try scanner.expect("}")
                break
            }
        }
        guard scanner.atEnd else { throw ParseError(problem: "text after the dict") }
        guard let descr else { throw ParseError(problem: "missing 'descr'") }
        guard let fortranOrder else { throw ParseError(problem: "missing 'fortran_order'") }
        guard let shape else { throw ParseError(problem: "missing 'shape'") }
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }
}

/// Reads the few Python literals a `.npy` header uses, skipping spaces and newlines between tokens.
private struct LiteralScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool {
        mutating get { skipSpaces(); return position == bytes.count }
    }

    mutating func skipSpaces() {
        while position < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t")].contains(bytes[position]) {
            position += 1
        }
    }

    /// Consumes `token` if it comes next.
    mutating func consume(_ token: Character) -> Bool {
        skipSpaces()
        guard position < bytes.count, bytes[position] == token.asciiValue else { return false }
        position += 1
        return true
    }

    mutating func expect(_ token: Character) throws {
        guard consume(token) else { throw NpyHeader.ParseError(problem: "expected '\(token)'") }
    }

    /// `'text'` or `"text"` (no escapes — a dtype or key never needs them).
    mutating func quotedString() throws -> String {
        skipSpaces()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "'") || bytes[position] == UInt8(ascii: "\"") else {
            throw NpyHeader.ParseError(problem: "expected a quoted string")
        }
        let quote = bytes[position]
        guard let end = bytes[(position + 1)...].firstIndex(of: quote) else {
            throw NpyHeader.ParseError(problem: "unterminated string")
        }
        defer { position = end + 1 }
        return String(decoding: bytes[(position + 1)..<end], as: UTF8.self)
    }

    mutating func boolean() throws -> Bool {
        if word("True") { return true }
        if word("False") { return false }
        throw NpyHeader.ParseError(problem: "expected True or False")
    }

    /// `()`, `(5,)`, `(4, 3, 2)` or `(4, 3, 2,)`.
    mutating func integerTuple() throws -> [Int] {
        try expect("(")
        var values: [Int] = []
        while !consume(")") {
            values.append(try integer())
            if !consume(",") {
                try expect(")")
                break
            }
        }
        return values
    }

    mutating func integer() throws -> Int {
        skipSpaces()
        let start = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
        guard position > start, let value = Int(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw NpyHeader.ParseError(problem: "expected a non-negative integer in the shape")
        }
        return value
    }

    private mutating func word(_ text: String) -> Bool {
        skipSpaces()
        let token = Array(text.utf8)
        guard bytes.count - position >= token.count, Array(bytes[position..<position + token.count]) == token else { return false }
        position += token.count
        return true
    }
}
