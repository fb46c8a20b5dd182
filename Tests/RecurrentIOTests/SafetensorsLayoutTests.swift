import RecurrentIO
import Testing

/// The bytes our writer lays down, checked against the format's rules.
struct SafetensorsLayoutTests {
    @Test func headerIsCompactJSONPaddedWithSpacesToEightBytes() throws {
        let bytes = encodeSafetensors([(name: "a", array: FloatArray(shape: [2], values: [1, -2])),
                                       (name: "b\"q", array: FloatArray(shape: [1, 1], values: [0.5]))],
                                      metadata: ["format": "pt"])
        let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(length % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        let json = #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""b\"q":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}"#
        #expect(header == json + String(repeating: " ", count: length - json.utf8.count))
        #expect(bytes.count == 8 + length + 12)
        #expect(Array(bytes[(8 + length)...]) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0, 0, 0, 0, 0x3F])
    }

    @Test func sameTensorsGiveSameBytesAndReadBack() throws {
        let tensors = [(name: "w", array: FloatArray(shape: [2, 0], values: [])),
                       (name: "v", array: FloatArray(shape: [], values: [3]))]
        let bytes = encodeSafetensors(tensors, metadata: ["z": "1", "a": "2"])
        #expect(bytes == encodeSafetensors(tensors, metadata: ["a": "2", "z": "1"]))
        let file = try SafetensorsFile(bytes: bytes, source: "s")
        #expect(file.entries.map(\.name) == ["w", "v"])
        #expect(file.entries.map(\.array) == tensors.map(\.array))
        #expect(file.metadata == ["a": "2", "z": "1"])
    }
}

/// Every 16-bit pattern widened as the standard library's `Float16` and bfloat16's definition do.
struct HalfPrecisionTests {
    /// A safetensors file holding all 65536 patterns of a 2-byte dtype, in order.
    func everyPattern(_ dtype: String) throws -> [Float] {
        let header = Array(#"{"x":{"dtype":"\#(dtype)","shape":[65536],"data_offsets":[0,131072]}}"#.utf8)
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header
        for pattern in 0...UInt16.max { bytes += [UInt8(pattern & 0xFF), UInt8(pattern >> 8)] }
        return try #require(SafetensorsFile(bytes: bytes, source: dtype).entries.first).array.values
    }

    @Test func f16WidensExactly() throws {
        let values = try everyPattern("F16")
        for (pattern, value) in zip(0...UInt16.max, values) {
            let expected = Float(Float16(bitPattern: pattern))
            #expect(expected.isNaN ? value.isNaN : value.bitPattern == expected.bitPattern, "pattern \(pattern)")
        }
    }

    @Test func bf16IsTheTopHalfOfAFloat() throws {
        let values = try everyPattern("BF16")
        for (pattern, value) in zip(0...UInt16.max, values) {
            #expect(value.bitPattern == UInt32(pattern) << 16, "pattern \(pattern)")
        }
    }
}
