import Foundation

/// A parsed `.safetensors` file: 8-byte little-endian header length N, N bytes of JSON header
/// (`name → {dtype, shape, data_offsets}` plus an optional `__metadata__` of strings), then the data.
///
/// The reader is strict: every number in the header is checked against the file's size before
/// anything is allocated from it, offsets must match the shape exactly, and the tensors must
/// cover the data without gaps or overlaps (as the Rust `safetensors` crate requires).
public struct SafetensorsFile: Sendable {
    /// One stored tensor, values widened to Float.
    public struct Entry: Sendable {
        public var name: String
        /// The stored dtype as the header spells it: `F32`, `F64`, `F16`, `BF16`, `I64` … `U8` or `BOOL`.
        public var dtype: String
        public var array: FloatArray
    }

    /// The tensors in the order their data appears in the file.
    public var entries: [Entry]
    /// The `__metadata__` map (empty when absent).
    public var metadata: [String: String]

    /// The dtypes this reader widens to Float, by their header spelling.
    static let readableDTypes: [String: StoredFloat] = [
        "F32": .float32, "F64": .float64, "F16": .float16, "BF16": .bfloat16,
        "I64": .int64, "I32": .int32, "I16": .int16, "I8": .int8, "U8": .uint8, "BOOL": .bool]

    /// Parses the bytes of a file; `source` names it in errors.
    public init(bytes: [UInt8], source: String) throws {
        func fail(_ problem: String) -> FileError { FileError(source, problem) }
        guard !bytes.isEmpty else { throw fail("empty file") }
        guard bytes.count >= 8 else {
            throw fail("truncated: \(bytes.count) bytes, too short for the 8-byte header length")
        }
        let headerLength = bytes.withUnsafeBytes { littleEndianUInt($0, at: 0, size: 8) }
        let available = bytes.count - 8
        guard headerLength <= UInt64(available) else {
            throw fail("header length \(headerLength) goes beyond the file (\(available) bytes after the length field)")
        }
        guard headerLength > 0 else { throw fail("header is empty (length 0)") }
        let headerEnd = 8 + Int(headerLength)
        let header = try Self.decodeHeader(Array(bytes[8..<headerEnd]), fail: fail)
        let dataSize = bytes.count - headerEnd

        var located: [(entry: RawTensor, name: String, dtype: StoredFloat, count: Int)] = []
        for (name, raw) in header.tensors {
            guard let dtype = Self.readableDTypes[raw.dtype] else {
                throw fail("tensor '\(name)': unsupported dtype '\(raw.dtype)' (F32, F64, F16, BF16, I64, I32, I16, I8, U8 and BOOL are read)")
            }
            guard let count = checkedElementCount(raw.shape) else {
                throw fail("tensor '\(name)': invalid shape \(raw.shape)")
            }
            guard raw.data_offsets.count == 2 else {
                throw fail("tensor '\(name)': data_offsets must be [begin, end], got \(raw.data_offsets)")
            }
            let (begin, end) = (raw.data_offsets[0], raw.data_offsets[1])
            guard begin >= 0, begin <= end, end <= dataSize else {
                throw fail("tensor '\(name)': data_offsets [\(begin), \(end)] lie outside the data (\(dataSize) bytes)")
            }
            guard let needed = checkedByteCount(count, elementSize: dtype.size), needed == end - begin else {
                throw fail("tensor '\(name)': data_offsets [\(begin), \(end)] hold \(end - begin) bytes, "
                           + "but shape \(raw.shape) of \(raw.dtype) needs \(count) × \(dtype.size)")
            }
            located.append((raw, name, dtype, count))
        }
        located.sort { ($0.entry.data_offsets[0], $0.entry.data_offsets[1], $0.name) < ($1.entry.data_offsets[0], $1.entry.data_offsets[1], $1.name) }
        var covered = 0
        for item in located {
            let begin = item.entry.data_offsets[0]
            guard begin == covered else {
                throw fail(begin < covered ? "tensor '\(item.name)' overlaps the tensor before it in the data"
                                           : "bytes \(covered)..<\(begin) of the data belong to no tensor")
            }
            covered = item.entry.data_offsets[1]
        }
        guard covered == dataSize else {
            throw fail("bytes \(covered)..<\(dataSize) of the data belong to no tensor")
        }

        entries = bytes.withUnsafeBytes { buffer in
            located.map { item in
                let values = item.dtype.decode(buffer, at: headerEnd + item.entry.data_offsets[0], count: item.count)
                return Entry(name: item.name, dtype: item.entry.dtype, array: FloatArray(shape: item.entry.shape, values: values))
            }
        }
        metadata = header.metadata
    }

    // MARK: Header JSON

    /// A header entry before any of its numbers are trusted.
    struct RawTensor: Decodable {
        var dtype: String
        var shape: [Int]
        var data_offsets: [Int]

        enum CodingKeys: String, CodingKey { case dtype, shape, data_offsets }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            dtype = try container.decode(String.self, forKey: .dtype)
            shape = try container.decode([JSONInteger].self, forKey: .shape).map(\.value)
            data_offsets = try container.decode([JSONInteger].self, forKey: .data_offsets).map(\.value)
        }
    }

    /// An integer in the header. A fractional or out-of-range number is an error at its own place
    /// (Foundation's decoder would otherwise report the whole header as not JSON).
    struct JSONInteger: Decodable {
        var value: Int
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) {
                self.value = value
            } else if (try? container.decode(Double.self)) != nil {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an integer")
            } else {
                throw DecodingError.typeMismatch(Int.self, .init(codingPath: decoder.codingPath, debugDescription: "not a number"))
            }
        }
    }

    struct Header: Decodable {
        var tensors: [(String, RawTensor)] = []
        var metadata: [String: String] = [:]

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: NameKey.self)
            for key in container.allKeys {
                if key.stringValue == "__metadata__" {
                    metadata = try container.decode([String: String].self, forKey: key)
                } else {
                    tensors.append((key.stringValue, try container.decode(RawTensor.self, forKey: key)))
                }
            }
        }
    }

    struct NameKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the header, turning JSON and structure errors into one line naming the entry.
    static func decodeHeader(_ json: [UInt8], fail: (String) -> FileError) throws -> Header {
        do {
            return try JSONDecoder().decode(Header.self, from: Data(json))
        } catch let error as DecodingError {
            throw fail(describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func place(_ path: [CodingKey]) -> String {
            guard let first = path.first else { return "header" }
            let rest = path.dropFirst().map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return "header entry '\(first.stringValue)'" + (rest.isEmpty ? "" : " field \(rest.dropFirst())")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "header is not JSON"
        case .dataCorrupted(let context):
            return "\(place(context.codingPath)): expected an integer"
        case .keyNotFound(let key, let context):
            return "\(place(context.codingPath)): missing '\(key.stringValue)'"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return context.codingPath.isEmpty ? "header is not a JSON object"
                : "\(place(context.codingPath)): expected \(typeName(type))"
        @unknown default:
            return "header is malformed"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is [Int].Type: "a list of integers"
        default: "an object"
        }
    }
}
