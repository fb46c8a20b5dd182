import Foundation
@testable import RecurrentIO
import Testing

/// `.npz` output: a stored ZIP of `.npy` files that reads back (through the ZIP reader torch files
/// use) as the arrays written, names and order kept, with real CRC-32s.
struct NpzWriterTests {
    @Test func crc32IsZlibs() {
        // The CRC catalogue's check value for CRC-32/ISO-HDLC (zlib, ZIP, PNG).
        #expect(crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(crc32([]) == 0)
    }

    @Test func arraysReadBackByNameInOrder() throws {
        let arrays = [(name: "output", array: FloatArray(shape: [2, 3], values: [1, -2, 3.5, 0, .infinity, -0.25])),
                      (name: "h_n", array: FloatArray(shape: [1, 1, 3], values: [0.5, 0.25, -1])),
                      (name: "empty", array: FloatArray(shape: [0, 4], values: []))]
        let bytes = encodeNpz(arrays)
        let archive = try ZipArchive(bytes: bytes, source: "t.npz")
        #expect(archive.entries.map(\.name) == ["output.npy", "h_n.npy", "empty.npy"])
        for (name, array) in arrays {
            let entry = try #require(archive.entry(named: name + ".npy"))
            #expect(entry.method == 0)
            let data = Array(bytes[try archive.dataRange(of: entry, in: bytes)])
            #expect(crc32(data) == storedCRC(of: entry, in: bytes))
            let back = try NpyFormat.parse(data, source: name)
            #expect(back.shape == array.shape && back.values.map(\.bitPattern) == array.values.map(\.bitPattern))
        }
        #expect(encodeNpz(arrays) == bytes)   // the same arrays, the same bytes
    }

    /// The CRC-32 the local header records for `entry` (14 bytes into its 30-byte header).
    func storedCRC(of entry: ZipArchive.Entry, in bytes: [UInt8]) -> UInt32 {
        let at = entry.localHeaderOffset + 14
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
    }
}
