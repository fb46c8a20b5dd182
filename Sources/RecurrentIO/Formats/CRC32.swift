/// The CRC-32 of zlib and ZIP (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF),
/// which `ZipWriter` records for every entry and `ZipArchive` checks before any entry is used.
///
/// Eight bytes a step ("slicing by 8", eight 256-entry tables), so that verifying a checkpoint of
/// hundreds of megabytes costs a fraction of reading it.
func crc32(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    let count = buffer.count
    var i = 0
    crc32Tables.withUnsafeBufferPointer { t in
        while count - i >= 8 {
            let low = UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: i, as: UInt32.self)) ^ crc
            let high = UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self))
            crc = t[7 << 8 | Int(low & 0xFF)] ^ t[6 << 8 | Int(low >> 8 & 0xFF)]
                ^ t[5 << 8 | Int(low >> 16 & 0xFF)] ^ t[4 << 8 | Int(low >> 24)]
                ^ t[3 << 8 | Int(high & 0xFF)] ^ t[2 << 8 | Int(high >> 8 & 0xFF)]
                ^ t[1 << 8 | Int(high >> 16 & 0xFF)] ^ t[Int(high >> 24)]
            i += 8
        }
        while i < count {
            crc = t[Int((crc ^ UInt32(buffer[i])) & 0xFF)] ^ (crc >> 8)
            i += 1
        }
    }
    return crc ^ 0xFFFF_FFFF
}

/// The CRC-32 of `bytes`.
func crc32(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { crc32($0) } }

/// The CRC-32 of a part of a file's bytes (an archive entry's data).
func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 { bytes.withUnsafeBytes { crc32($0) } }

/// Table k holds the CRC of byte n followed by k zero bytes, for n in 0..<256 (table 0: the
/// byte-at-a-time table).
private let crc32Tables: [UInt32] = {
    var tables = [UInt32](repeating: 0, count: 8 << 8)
    for n in 0..<256 {
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        tables[n] = c
    }
    for k in 1..<8 {
        for n in 0..<256 {
            let previous = tables[(k - 1) << 8 | n]
            tables[k << 8 | n] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
        }
    }
    return tables
}()
