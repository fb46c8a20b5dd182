import Foundation
import RecurrentIO
import Testing

/// Broken files, each made from a good one, and the one line each must produce.
struct MalformedFileTests {
    /// A malformed file: its name (which decides the reader), its bytes, and the expected problem.
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var bytes: [UInt8]
        var problem: String
        var testDescription: String { "\(file): \(problem)" }
    }

    /// A good two-tensor file: `a` F32 [2] then `b` F32 [3], 20 data bytes.
    static let goodData = [UInt8](repeating: 0, count: 20)
    static let goodHeader = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[3],"data_offsets":[8,20]}}"#
    static let good = safetensors(header: goodHeader, data: goodData)

    /// The bytes of a safetensors file with this header text and data.
    static func safetensors(header: String, data: [UInt8]) -> [UInt8] {
        let json = Array(header.utf8)
        return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data
    }

    /// `goodHeader` with one substring replaced.
    static func header(replacing old: String, with new: String) -> [UInt8] {
        safetensors(header: goodHeader.replacingOccurrences(of: old, with: new), data: goodData)
    }

    static let goodNpy = NpyFormat.encode(FloatArray(shape: [3, 2], values: [1, 2, 3, 4, 5, 6]))

    /// `goodNpy` with part of its header text replaced (the header keeps its length).
    static func npy(replacing old: String, with new: String) -> [UInt8] {
        let (old, new) = (Array(old.utf8), Array(new.utf8))
        precondition(old.count == new.count)
        let start = (0...(goodNpy.count - old.count)).first { Array(goodNpy[$0..<($0 + old.count)]) == old }!
        return Array(goodNpy[..<start]) + new + goodNpy[(start + old.count)...]
    }

    static let cases: [Case] = [
        // safetensors
        Case(file: "w.safetensors", bytes: [], problem: "empty file"),
        Case(file: "w.safetensors", bytes: Array(good.prefix(5)), problem: "truncated: 5 bytes, too short for the 8-byte header length"),
        Case(file: "w.safetensors", bytes: [0, 0, 0, 0, 0, 1, 0, 0] + good.dropFirst(8),
             problem: "header length 1099511627776 goes beyond the file (\(good.count - 8) bytes after the length field)"),
        Case(file: "w.safetensors", bytes: Array(good.prefix(40)),
             problem: "header length \(goodHeader.utf8.count) goes beyond the file (32 bytes after the length field)"),
        Case(file: "w.safetensors", bytes: safetensors(header: "", data: []), problem: "header is empty (length 0)"),
        Case(file: "w.safetensors", bytes: header(replacing: "{\"a\"", with: "x\"a\""), problem: "header is not JSON"),
        Case(file: "w.safetensors", bytes: safetensors(header: "[1,2]", data: []), problem: "header is not a JSON object"),
        Case(file: "w.safetensors", bytes: Array(good.dropLast(4)),
             problem: "tensor 'b': data_offsets [8, 20] lie outside the data (16 bytes)"),
        Case(file: "w.safetensors", bytes: good + [0, 0, 0, 0], problem: "bytes 20..<24 of the data belong to no tensor"),
        Case(file: "w.safetensors", bytes: header(replacing: "[2]", with: "[3]"),
             problem: "tensor 'a': data_offsets [0, 8] hold 8 bytes, but shape [3] of F32 needs 3 × 4"),
        Case(file: "w.safetensors", bytes: header(replacing: "[8,20]", with: "[4,16]"),
             problem: "tensor 'b' overlaps the tensor before it in the data"),
        Case(file: "w.safetensors", bytes: header(replacing: "[0,8]", with: "[-8,0]"),
             problem: "tensor 'a': data_offsets [-8, 0] lie outside the data (20 bytes)"),
        Case(file: "w.safetensors", bytes: header(replacing: "\"F32\",\"shape\":[3]", with: "\"U16\",\"shape\":[3]"),
             problem: "tensor 'b': unsupported dtype 'U16' (F32, F64, F16, BF16, I64, I32, I16, I8, U8 and BOOL are read)"),
        Case(file: "w.safetensors", bytes: header(replacing: "\"shape\":[2],", with: ""),
             problem: "header entry 'a': missing 'shape'"),
        Case(file: "w.safetensors", bytes: header(replacing: "[2]", with: "[2.5]"),
             problem: "header entry 'a' field shape[0]: expected an integer"),
        Case(file: "w.safetensors", bytes: header(replacing: "[0,8]", with: "[0,8,9]"),
             problem: "tensor 'a': data_offsets must be [begin, end], got [0, 8, 9]"),
        // npy
        Case(file: "x.npy", bytes: [], problem: "empty file"),
        Case(file: "x.npy", bytes: Array("PK\u{3}\u{4}zipfile".utf8), problem: "not a .npy file (bad magic)"),
        Case(file: "x.npy", bytes: Array(goodNpy.dropLast(1)),
             problem: "truncated: shape (3, 2) of '<f4' needs 24 data bytes, the file has 23"),
        Case(file: "x.npy", bytes: Array(goodNpy.prefix(40)), problem: "header length 118 goes beyond the file (30 bytes after it)"),
        Case(file: "x.npy", bytes: npy(replacing: "'<f4'", with: "'<i8'"),
             problem: "unsupported dtype '<i8' (float32 '<f4' or float64 '<f8' only)"),
        Case(file: "x.npy", bytes: npy(replacing: "'<f4'", with: "'>f4'"),
             problem: "big-endian dtype '>f4' is not supported (save as '<f4' or '<f8')"),
        Case(file: "x.npy", bytes: npy(replacing: "'shape'", with: "'shope'"), problem: "bad header: unexpected key 'shope'"),
        Case(file: "x.npy", bytes: npy(replacing: "False", with: "Nope!"), problem: "bad header: expected True or False"),
        Case(file: "x.npy", bytes: npy(replacing: "(3, 2)", with: "(3,-2)"),
             problem: "bad header: expected a non-negative integer in the shape"),
        // CSV
        Case(file: "s.csv", bytes: [], problem: "empty file"),
        Case(file: "s.csv", bytes: Array("a,b\n1,2\n3\n".utf8), problem: "line 3 has 1 fields, expected 2 (ragged rows)"),
        Case(file: "s.csv", bytes: Array("a,b\n1,2\n3,four\n".utf8), problem: "line 3, column 2: 'four' is not a number"),
        Case(file: "s.csv", bytes: Array("1,2\n\n3,4\n".utf8), problem: "line 2 is empty"),
        Case(file: "s.csv", bytes: Array("a,b\n".utf8), problem: "a header row but no data rows"),
        Case(file: "s.csv", bytes: [0xFF, 0x31, 0x0A], problem: "not UTF-8 text"),
    ]

    @Test(arguments: cases + torchCases + verifiedCases)
    func malformedFileGetsOneLineNamingIt(_ broken: Case) throws {
        let path = try IOFixtures.scratchDirectory().appendingPathComponent(broken.file).path
        try Data(broken.bytes).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: FileError.self) {
            if broken.file.hasSuffix(".safetensors") || broken.file.hasSuffix(".pt") {
                _ = try loadStateDict(path: path)
            } else {
                _ = try loadSequence(path: path)
            }
        }
        #expect(error == FileError(path, broken.problem))
        #expect(!error.description.contains("\n"))
    }

    @Test func goodFilesOfTheTableAreGood() throws {
        #expect(try SafetensorsFile(bytes: Self.good, source: "g").entries.map(\.name) == ["a", "b"])
        #expect(try NpyFormat.parse(Self.goodNpy, source: "g").shape == [3, 2])
    }

    @Test(arguments: ["missing.safetensors", "missing.npy", "missing.csv"])
    func missingFileIsNamed(file: String) throws {
        let path = try IOFixtures.scratchDirectory().appendingPathComponent(file).path
        #expect(throws: FileError(path, "no such file")) {
            if file.hasSuffix(".safetensors") { _ = try loadStateDict(path: path) } else { _ = try loadSequence(path: path) }
        }
    }

    @Test func unknownSequenceExtensionIsRefused() throws {
        #expect(throws: FileError("x.txt", "unknown sequence format (expected .npy, .csv, .npz, .safetensors or .pt)")) {
            _ = try loadSequence(path: "x.txt")
        }
    }
}
