/// Encodes named F32 arrays as a `.npz` — numpy's archive of `.npy` files, what `np.savez` writes:
/// a ZIP with one *stored* entry `<name>.npy` per array, in the order given, so that
/// `np.load("out.npz")["output"]` is the array named `output`.
///
/// ZIP layout (PKWARE's APPNOTE, as `ZipArchive` reads it): per entry a 30-byte local header, the
/// name and the data; then one 46-byte central-directory record per entry; then the 22-byte
/// end-of-central-directory record. Every CRC-32 is real (Python's zipfile checks it on read).
/// No ZIP64: the whole archive must stay under 4 GiB and 65,535 entries (checked by the caller).
public func encodeNpz(_ arrays: [(name: String, array: FloatArray)]) -> [UInt8] {
    var bytes: [UInt8] = [], central: [UInt8] = []
    for (name, array) in arrays {
        let fileName = Array((name + ".npy").utf8), data = NpyFormat.encode(array)
        let crc = crc32(data), offset = UInt32(truncatingIfNeeded: bytes.count)
        // Local header: signature, version needed 2.0, flags, method 0 (stored), DOS time/date of
        // 1980-01-01 00:00 (fixed, so the same arrays give the same bytes), CRC, sizes, name length.
        appendLittleEndian(UInt32(ZipArchive.localSignature), to: &bytes)
        for field: UInt16 in [20, 0, 0, 0, dosDate1980] { appendLittleEndian(field, to: &bytes) }
        for field: UInt32 in [crc, UInt32(data.count), UInt32(data.count)] { appendLittleEndian(field, to: &bytes) }
        for field: UInt16 in [UInt16(fileName.count), 0] { appendLittleEndian(field, to: &bytes) }
        bytes += fileName + data
        // Central record: the same facts, plus "made by" 2.0, comment/disk/attributes zero, the offset.
        appendLittleEndian(UInt32(ZipArchive.centralSignature), to: &central)
        for field: UInt16 in [20, 20, 0, 0, 0, dosDate1980] { appendLittleEndian(field, to: &central) }
        for field: UInt32 in [crc, UInt32(data.count), UInt32(data.count)] { appendLittleEndian(field, to: &central) }
        for field: UInt16 in [UInt16(fileName.count), 0, 0, 0, 0] { appendLittleEndian(field, to: &central) }
        for field: UInt32 in [0, offset] { appendLittleEndian(field, to: &central) }
        central += fileName
    }
    let centralOffset = UInt32(truncatingIfNeeded: bytes.count)
    bytes += central
    appendLittleEndian(UInt32(ZipArchive.endSignature), to: &bytes)
    for field: UInt16 in [0, 0, UInt16(arrays.count), UInt16(arrays.count)] { appendLittleEndian(field, to: &bytes) }
    for field: UInt32 in [UInt32(central.count), centralOffset] { appendLittleEndian(field, to: &bytes) }
    appendLittleEndian(UInt16(0), to: &bytes)   // no comment
    return bytes
}

/// 1980-01-01 as a DOS date: (year − 1980) << 9 | month << 5 | day.
private let dosDate1980: UInt16 = 1 << 5 | 1

/// The CRC-32 of zlib and ZIP (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF).
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes { crc = crc32Table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
}

private let crc32Table: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
}
