/// A ZIP of *stored* (uncompressed) entries, as `np.savez` and `torch.save` write them — the
/// counterpart of `ZipArchive` for the writers of `.npz` and `.pt` files.
///
/// Layout (PKWARE's APPNOTE): per entry a 30-byte local header, the name and the data; then one
/// 46-byte central-directory record per entry; then the 22-byte end-of-central-directory record.
/// Every CRC-32 is real (Python's zipfile and PyTorch check them on read) and every date is
/// 1980-01-01 00:00, so the same entries always give the same bytes. No ZIP64: callers keep the
/// archive under 4 GiB and 65,535 entries (`fitsWithoutZip64`).
struct ZipWriter {
    private(set) var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    /// Whether entries of these many bytes in all (data, plus room for their headers) fit a ZIP without ZIP64.
    static func fitsWithoutZip64(entries: Int, dataBytes: Int) -> Bool {
        entries < 65_535 && dataBytes + entries * 512 < Int(UInt32.max)
    }

    /// Appends an entry `name` holding `data`.
    mutating func add(_ name: String, _ data: [UInt8]) {
        let fileName = Array(name.utf8), crc = crc32(data), offset = UInt32(truncatingIfNeeded: bytes.count)
        let size = UInt32(truncatingIfNeeded: data.count)
        // Local header: signature, version needed 2.0, flags, method 0 (stored), time, date, CRC,
        // compressed and uncompressed sizes, name length, extra length.
        appendLittleEndian(UInt32(ZipArchive.localSignature), to: &bytes)
        for field: UInt16 in [20, 0, 0, 0, ZipWriter.dosDate1980] { appendLittleEndian(field, to: &bytes) }
        for field: UInt32 in [crc, size, size] { appendLittleEndian(field, to: &bytes) }
        for field: UInt16 in [UInt16(fileName.count), 0] { appendLittleEndian(field, to: &bytes) }
        bytes += fileName + data
        // Central record: "made by" 2.0, the same facts, comment/disk/attributes zero, the offset.
        appendLittleEndian(UInt32(ZipArchive.centralSignature), to: &central)
        for field: UInt16 in [20, 20, 0, 0, 0, ZipWriter.dosDate1980] { appendLittleEndian(field, to: &central) }
        for field: UInt32 in [crc, size, size] { appendLittleEndian(field, to: &central) }
        for field: UInt16 in [UInt16(fileName.count), 0, 0, 0, 0] { appendLittleEndian(field, to: &central) }
        for field: UInt32 in [0, offset] { appendLittleEndian(field, to: &central) }
        central += fileName
        count += 1
    }

    /// The whole archive: the entries, the central directory and the end record.
    func finished() -> [UInt8] {
        var out = bytes
        let centralOffset = UInt32(truncatingIfNeeded: out.count)
        out += central
        appendLittleEndian(UInt32(ZipArchive.endSignature), to: &out)
        for field: UInt16 in [0, 0, UInt16(count), UInt16(count)] { appendLittleEndian(field, to: &out) }
        for field: UInt32 in [UInt32(central.count), centralOffset] { appendLittleEndian(field, to: &out) }
        appendLittleEndian(UInt16(0), to: &out)   // no comment
        return out
    }

    /// 1980-01-01 as a DOS date: (year − 1980) << 9 | month << 5 | day.
    static let dosDate1980: UInt16 = 1 << 5 | 1
}
