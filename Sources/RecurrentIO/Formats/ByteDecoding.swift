/// Little-endian number decoding from raw bytes, and the half-precision widenings the weight readers need.
/// Callers check bounds before decoding; these functions only read `bytes[offset ..< offset + size]`.

/// The unsigned little-endian integer of `size` bytes (≤ 8) at `offset`.
@inline(__always)
func littleEndianUInt(_ bytes: UnsafeRawBufferPointer, at offset: Int, size: Int) -> UInt64 {
    var value: UInt64 = 0
    for i in 0..<size { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
    return value
}

/// The element types the readers understand, each widened to `Float`.
/// Integers and bools are widened too (exactly up to 2^24): a model's state dict carries them
/// beside the RNN (a BatchNorm's int64 `num_batches_tracked`, masks, token ids), and refusing them
/// would refuse the whole file.
enum StoredFloat: Sendable {
    case float64, float32, float16, bfloat16
    case int64, int32, int16, int8, uint8, bool

    /// Bytes per element.
    var size: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .bfloat16, .int16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    /// Decodes `count` little-endian elements starting at `offset` (bounds already checked).
    func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int, count: Int) -> [Float] {
        let size = self.size
        return (0..<count).map { i in element(bytes, at: offset + i * size) }
    }

    /// The one little-endian element at byte `offset`, widened (bounds already checked).
    @inline(__always)
    func element(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Float {
        let bits = littleEndianUInt(bytes, at: offset, size: size)
        switch self {
        case .float64: return Float(Double(bitPattern: bits))
        case .float32: return Float(bitPattern: UInt32(truncatingIfNeeded: bits))
        case .float16: return floatFromHalf(UInt16(truncatingIfNeeded: bits))
        case .bfloat16: return Float(bitPattern: UInt32(truncatingIfNeeded: bits) << 16)
        case .int64: return Float(Int64(bitPattern: bits))
        case .int32: return Float(Int32(truncatingIfNeeded: bits))
        case .int16: return Float(Int16(truncatingIfNeeded: bits))
        case .int8: return Float(Int8(truncatingIfNeeded: bits))
        case .uint8: return Float(UInt8(truncatingIfNeeded: bits))
        case .bool: return bits == 0 ? 0 : 1
        }
    }
}

/// IEEE 754 binary16 → binary32, exactly (every half is representable as a float).
func floatFromHalf(_ half: UInt16) -> Float {
    let sign = UInt32(half >> 15) << 31
    let exponent = Int((half >> 10) & 0x1F)
    let mantissa = UInt32(half & 0x3FF)
    switch exponent {
    case 0:  // zero or subnormal: mantissa · 2^-24
        let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
        return sign == 0 ? magnitude : -magnitude
    case 0x1F:  // infinity or NaN (payload kept)
        return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
    default:
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
    }
}

/// Appends `value`'s little-endian bytes.
func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
}
