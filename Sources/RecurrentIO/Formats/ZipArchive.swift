/// The entries of a ZIP archive, read strictly and only as far as `torch.save` needs them.
///
/// Layout (PKWARE's APPNOTE): for each entry a local header (30 bytes + name + extra) and its data;
/// then the central directory, one record per entry (46 bytes + name + extra + comment); then the
/// 22-byte end-of-central-directory record and the archive's comment (up to 65,535 bytes), found by
/// searching backwards from the end.
///
/// What is read: one disk, no encryption, entries *stored* (method 0, as `torch.save` writes them);
/// a compressed entry is refused when it is read. Sizes come from the central directory, since
/// `torch.save` sets the data-descriptor flag and leaves the local headers' sizes at 0 (and
/// `np.savez` writes 0xFFFFFFFF there, with the sizes in a ZIP64 extra field); a local header that
/// states other sizes or another CRC-32 than the central record is refused. Every stored entry's
/// CRC-32 is verified when the archive is opened, before any of its bytes is used — numpy's "Bad
/// CRC-32" — except, where the caller allows it, a CRC of 0 in both headers, which is how
/// `torch.serialization.set_crc32_options(False)` says it recorded none. ZIP64 archives
/// (over 4 GiB or 65,535 entries) are refused by name. Every offset and length is checked against
/// the file before it is used, and no count is trusted before the bytes it needs are known to exist.
struct ZipArchive {
    /// One central-directory record.
    struct Entry {
        var name: String
        /// 0 stored, 8 deflate, …
        var method: Int
        var compressedSize: Int
        var size: Int
        /// The CRC-32 the central directory records for the data.
        var crc: UInt32
        /// Where the entry's local header starts.
        var localHeaderOffset: Int
    }

    /// The entries in central-directory order.
    private(set) var entries: [Entry] = []
    private var indexByName: [String: Int] = [:]
    /// Where the central directory starts: every entry's data lies before it.
    private let centralDirectoryOffset: Int
    private let fail: (String) -> FileError

    /// Whether a bad CRC-32 is let through: only in the fuzz harnesses (`fuzz/run.sh` compiles with
    /// `-D FUZZING`), whose mutations could otherwise never get past the check to the parsers.
    #if FUZZING
    static let crcMismatchIsTolerated = true
    #else
    static let crcMismatchIsTolerated = false
    #endif

    static let endRecordSize = 22, centralRecordSize = 46, localHeaderSize = 30
    static let endSignature = 0x0605_4b50, centralSignature = 0x0201_4b50, localSignature = 0x0403_4b50

    /// Reads the central directory of `bytes` and verifies every stored entry (its local header
    /// and CRC-32); `source` names the file in errors. `allowsUnrecordedCRC`: a CRC-32 of 0 in
    /// both headers means none was recorded (`torch.save` with CRC-32 writing turned off).
    init(bytes: [UInt8], source: String, allowsUnrecordedCRC: Bool = false) throws {
        fail = { FileError(source, $0) }
        let end = try Self.locateEndRecord(bytes, fail: fail)
        let field = { (offset: Int, size: Int) in readLittleEndian(bytes, at: end + offset, size: size) }
        let (disk, centralDisk, entriesHere, entryCount) = (field(4, 2), field(6, 2), field(8, 2), field(10, 2))
        let (directorySize, directoryOffset) = (field(12, 4), field(16, 4))
        guard entryCount != 0xFFFF, directorySize != 0xFFFF_FFFF, directoryOffset != 0xFFFF_FFFF else {
            throw fail("a ZIP64 archive (over 4 GiB or 65,535 entries), which is not read")
        }
        guard disk == 0, centralDisk == 0, entriesHere == entryCount else {
            throw fail("a zip archive split over several disks, which is not read")
        }
        guard directoryOffset <= end, directorySize <= end - directoryOffset else {
            throw fail("the central directory (\(directorySize) bytes at \(directoryOffset)) goes beyond the end record at \(end)")
        }
        guard entryCount <= directorySize / Self.centralRecordSize else {
            throw fail("\(entryCount) entries cannot fit in a central directory of \(directorySize) bytes")
        }
        centralDirectoryOffset = directoryOffset
        entries.reserveCapacity(entryCount)
        var position = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for _ in 0..<entryCount {
            let (entry, next) = try Self.centralRecord(bytes, at: position, end: directoryEnd, fail: fail)
            guard indexByName[entry.name] == nil else { throw fail("two zip entries named \(quotedName(entry.name))") }
            indexByName[entry.name] = entries.count
            entries.append(entry)
            position = next
        }
        guard position == directoryEnd else {
            throw fail("bytes \(position)..<\(directoryEnd) of the central directory belong to no entry")
        }
        for entry in entries where entry.method == 0 {
            try verify(entry, in: bytes, allowsUnrecordedCRC: allowsUnrecordedCRC)
        }
    }

    /// Checks that a stored entry's local header agrees with its central record and that its data
    /// has the CRC-32 recorded for it. (A compressed entry is refused when it is read.)
    private func verify(_ entry: Entry, in bytes: [UInt8], allowsUnrecordedCRC: Bool) throws {
        let data = try dataRange(of: entry, in: bytes)
        let field = { (offset: Int) in readLittleEndian(bytes, at: entry.localHeaderOffset + offset, size: 4) }
        let name = quotedName(entry.name)
        // 0: the sizes follow the data in a descriptor (torch.save); 0xFFFFFFFF: a ZIP64 extra holds them (np.savez).
        for (what, local, central) in [("compressed size", field(18), entry.compressedSize), ("size", field(22), entry.size)]
        where local != 0 && local != 0xFFFF_FFFF && local != central {
            throw fail("zip entry \(name): its local header gives \(what) \(local), the central directory \(central)")
        }
        let localCRC = UInt32(field(14))
        guard localCRC == 0 || localCRC == entry.crc else {
            throw fail("zip entry \(name): its local header gives CRC-32 \(hex(localCRC)), the central directory \(hex(entry.crc))")
        }
        if allowsUnrecordedCRC && entry.crc == 0 && localCRC == 0 { return }
        let actual = crc32(bytes[data])
        guard actual == entry.crc || Self.crcMismatchIsTolerated else {
            throw fail("zip entry \(name): bad CRC-32 (\(hex(actual)) computed, \(hex(entry.crc)) recorded): the file is damaged")
        }
    }

    /// The entry of that exact name, if any.
    func entry(named name: String) -> Entry? { indexByName[name].map { entries[$0] } }

    /// Where the stored entry's data lies in `bytes` (the same bytes the archive was read from).
    /// - Throws: for a compressed or encrypted entry, or a local header that disagrees or lies outside.
    func dataRange(of entry: Entry, in bytes: [UInt8]) throws -> Range<Int> {
        guard entry.method == 0 else {
            let kind = entry.method == 8 ? " (deflate)" : ""
            throw fail("zip entry \(quotedName(entry.name)) is compressed with method \(entry.method)\(kind); only stored (uncompressed) "
                       + "entries are read, as torch.save writes them — save the file again with torch.save")
        }
        guard entry.compressedSize == entry.size else {
            throw fail("zip entry \(quotedName(entry.name)) is stored but its sizes differ (\(entry.compressedSize) and \(entry.size))")
        }
        let header = entry.localHeaderOffset
        guard header <= centralDirectoryOffset - Self.localHeaderSize else {
            throw fail("zip entry \(quotedName(entry.name)): local header at \(header) lies outside the entries' data")
        }
        let field = { (offset: Int, size: Int) in readLittleEndian(bytes, at: header + offset, size: size) }
        guard field(0, 4) == Self.localSignature else {
            throw fail("zip entry \(quotedName(entry.name)): no local header at \(header)")
        }
        let nameStart = header + Self.localHeaderSize
        let dataStart = nameStart + field(26, 2) + field(28, 2)
        guard dataStart <= centralDirectoryOffset, entry.size <= centralDirectoryOffset - dataStart else {
            throw fail("zip entry \(quotedName(entry.name)): its \(entry.size) bytes of data go beyond the entries' data")
        }
        guard String(decoding: bytes[nameStart..<(nameStart + field(26, 2))], as: UTF8.self) == entry.name else {
            throw fail("zip entry \(quotedName(entry.name)): the local header names another file")
        }
        return dataStart..<(dataStart + entry.size)
    }

    // MARK: Records

    /// The offset of the end-of-central-directory record: the last signature whose comment length
    /// reaches exactly to the end of the file.
    private static func locateEndRecord(_ bytes: [UInt8], fail: (String) -> FileError) throws -> Int {
        guard bytes.count >= endRecordSize else {
            throw fail("truncated: \(bytes.count) bytes, too short for a zip archive")
        }
        let last = bytes.count - endRecordSize
        for offset in stride(from: last, through: max(0, last - 0xFFFF), by: -1)
        where bytes[offset] == 0x50 && readLittleEndian(bytes, at: offset, size: 4) == endSignature
            && readLittleEndian(bytes, at: offset + 20, size: 2) == last - offset {
            return offset
        }
        throw fail("no end-of-central-directory record: a truncated or damaged zip archive")
    }

    /// The central record at `position` (which must end by `end`) and where the next one starts.
    private static func centralRecord(_ bytes: [UInt8], at position: Int, end: Int,
                                      fail: (String) -> FileError) throws -> (Entry, next: Int) {
        guard end - position >= centralRecordSize,
              readLittleEndian(bytes, at: position, size: 4) == centralSignature else {
            throw fail("central directory record at \(position) is missing or cut short")
        }
        let field = { (offset: Int, size: Int) in readLittleEndian(bytes, at: position + offset, size: size) }
        let nameStart = position + centralRecordSize
        let next = nameStart + field(28, 2) + field(30, 2) + field(32, 2)
        guard next <= end else { throw fail("central directory record at \(position) goes beyond the directory") }
        let name = String(decoding: bytes[nameStart..<(nameStart + field(28, 2))], as: UTF8.self)
        guard field(8, 2) & 1 == 0 else { throw fail("zip entry \(quotedName(name)) is encrypted") }
        let (compressedSize, size, offset) = (field(20, 4), field(24, 4), field(42, 4))
        guard compressedSize != 0xFFFF_FFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else {
            throw fail("a ZIP64 archive (over 4 GiB or 65,535 entries), which is not read")
        }
        return (Entry(name: name, method: field(10, 2), compressedSize: compressedSize, size: size,
                      crc: UInt32(field(16, 4)), localHeaderOffset: offset), next)
    }
}

/// The unsigned little-endian integer of `size` bytes (≤ 4) at `offset` (bounds already checked).
private func readLittleEndian(_ bytes: [UInt8], at offset: Int, size: Int) -> Int {
    Int(bytes.withUnsafeBytes { littleEndianUInt($0, at: offset, size: size) })
}

/// `0x0000abcd`: a CRC-32 as eight hex digits.
private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
