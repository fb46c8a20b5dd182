/// Encodes F32 tensors as a `.safetensors` file, byte for byte as the Rust `safetensors` crate
/// lays it out: compact JSON header padded with spaces to a multiple of 8 bytes, data in the
/// order given (so a state dict written in `state_dict()` order keeps it), `__metadata__` first.
///
/// The same tensors and metadata always give the same bytes (metadata keys are sorted).
public func encodeSafetensors(_ tensors: [(name: String, array: FloatArray)], metadata: [String: String] = [:]) -> [UInt8] {
    var fields: [String] = []
    if !metadata.isEmpty {
        let pairs = metadata.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }
        fields.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
    }
    var offset = 0
    for (name, array) in tensors {
        let end = offset + array.values.count * 4
        let shape = array.shape.map(String.init).joined(separator: ",")
        fields.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
        offset = end
    }
    var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
    header += [UInt8](repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)

    var bytes: [UInt8] = []
    bytes.reserveCapacity(8 + header.count + offset)
    appendLittleEndian(UInt64(header.count), to: &bytes)
    bytes += header
    for (_, array) in tensors {
        for value in array.values { appendLittleEndian(value.bitPattern, to: &bytes) }
    }
    return bytes
}

/// A JSON string literal for `text` (quotes, backslashes and control characters escaped).
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
