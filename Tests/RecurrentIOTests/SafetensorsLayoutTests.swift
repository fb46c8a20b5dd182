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
