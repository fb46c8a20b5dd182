import Foundation
import Recurrent
@testable import RecurrentIO
import Testing

/// Files that used to be read wrong without a word: a CSV's byte-order mark or a first row with
/// one non-number taken for a header, zip entries whose bytes no longer match their CRC-32.
extension MalformedFileTests {
    static let sequenceNpz = try! IOFixtures.bytes("torch/sequence.npz")

    /// The little-endian number of `size` bytes at `offset`.
    static func little(_ bytes: [UInt8], at offset: Int, size: Int) -> Int {
        (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }

    /// Where entry `name` of the zip `bytes` (no archive comment) has its central record, its local
    /// header and its data.
    static func zipEntry(_ name: String, in bytes: [UInt8]) -> (central: Int, local: Int, data: Range<Int>) {
        let needle = Array(name.utf8)
        var central = little(bytes, at: bytes.count - 22 + 16, size: 4)
        while Array(bytes[(central + 46)..<(central + 46 + needle.count)]) != needle || little(bytes, at: central + 28, size: 2) != needle.count {
            central += 46 + little(bytes, at: central + 28, size: 2) + little(bytes, at: central + 30, size: 2)
                + little(bytes, at: central + 32, size: 2)
        }
        let local = little(bytes, at: central + 42, size: 4)
        let start = local + 30 + little(bytes, at: local + 26, size: 2) + little(bytes, at: local + 28, size: 2)
        return (central, local, start..<(start + little(bytes, at: central + 24, size: 4)))
    }

    /// `bytes` with the last data byte of entry `name` changed (an array value, not its header).
    static func flippingData(of name: String, in bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        bytes[zipEntry(name, in: bytes).data.upperBound - 1] ^= 0x01
        return bytes
    }

    /// The bad-CRC line for entry `name` of `bytes` (damaged), recorded CRC `recorded` or the archive's.
    static func badCRC(_ name: String, in bytes: [UInt8], recorded: Int? = nil) -> String {
        let entry = zipEntry(name, in: bytes)
        let hex = { (value: Int) in String(format: "0x%08x", value) }
        let want = recorded ?? little(bytes, at: entry.central + 16, size: 4)
        return "zip entry '\(name)': bad CRC-32 (\(hex(Int(crc32(bytes[entry.data])))) computed, \(hex(want)) recorded): the file is damaged"
    }

    static let verifiedCases: [Case] = {
        let npzFlipped = flippingData(of: "input.npy", in: sequenceNpz)
        let input = zipEntry("input.npy", in: sequenceNpz)   // numpy refuses a CRC of 0 in both headers
        let npzUnrecorded = patched(patched(sequenceNpz, at: input.central + 16, 0, size: 4), at: input.local + 14, 0, size: 4)
        let ptFlipped = flippingData(of: "seed_sine/data/0", in: seedSine)
        let local = input.local, ptLocal = zipEntry("seed_sine/data/0", in: seedSine)
        let recorded = little(seedSine, at: ptLocal.central + 16, size: 4)
        return [
            // CSV: a first row is a header only when every field is a name.
            Case(file: "s.csv", bytes: Array("1,x\n3,4\n".utf8),
                 problem: "line 1, column 2: 'x' is not a number, and line 1 is not a header (column 1 is the number '1'; a header names every column)"),
            Case(file: "s.csv", bytes: Array("1,,3\n4,5,6\n".utf8),
                 problem: "line 1, column 2 is empty, and line 1 is not a header (column 1 is the number '1'; a header names every column)"),
            Case(file: "s.csv", bytes: Array("a,\n1,2\n".utf8), problem: "line 1, column 2 is empty (a header names every column)"),
            Case(file: "s.csv", bytes: CSVFormat.byteOrderMark + Array("1,2\n3,x\n".utf8), problem: "line 2, column 2: 'x' is not a number"),
            Case(file: "s.csv", bytes: Array("1,2\r\n3,\n".utf8), problem: "line 2, column 2 is empty"),
            // ZIP: every stored entry's CRC-32 and local header, for .npz (as numpy) and .pt.
            Case(file: "x.npz", bytes: npzFlipped, problem: badCRC("input.npy", in: npzFlipped)),
            Case(file: "x.npz", bytes: npzUnrecorded, problem: badCRC("input.npy", in: npzUnrecorded, recorded: 0)),
            Case(file: "x.npz", bytes: patched(sequenceNpz, at: local + 22, 7, size: 4),
                 problem: "zip entry 'input.npy': its local header gives size 7, the central directory 248"),
            Case(file: "m.pt", bytes: ptFlipped, problem: badCRC("seed_sine/data/0", in: ptFlipped)),
            Case(file: "m.pt", bytes: patched(seedSine, at: ptLocal.local + 14, 1, size: 4),
                 problem: "zip entry 'seed_sine/data/0': its local header gives CRC-32 0x00000001, the central directory "
                    + String(format: "0x%08x", recorded)),
            // A plain pickle is named as one, not as a broken safetensors file.
            Case(file: "w.pt", bytes: pickledDict, problem: plainPickle),
            Case(file: "w.pth", bytes: [0x80, 0x02, 0x7D, 0x71, 0x00, 0x2E], problem: plainPickle),
        ]
    }()

    /// `pickle.dumps({'a': 1}, protocol=4)`.
    static let pickledDict: [UInt8] = [128, 4, 149, 10, 0, 0, 0, 0, 0, 0, 0, 125, 148, 140, 1, 97, 148, 75, 1, 115, 46]
    static let plainPickle = "a plain Python pickle (pickle.dump), not a torch.save file, which is not read — "
        + "save it with torch.save(obj, path) or safetensors.torch.save_file"
}

/// What the fixes read right.
struct VerifiedReadTests {
    func csv(_ text: [UInt8]) throws -> CSVFormat.Table { try CSVFormat.parse(text, source: "s.csv") }

    @Test func aByteOrderMarkIsSkippedNotTakenForAHeader() throws {
        let bom = CSVFormat.byteOrderMark
        #expect(try csv(bom + Array("1,2\n3,4\n5,6\n".utf8)) == .init(columnNames: [], array: .init(shape: [3, 2], values: [1, 2, 3, 4, 5, 6])))
        #expect(try csv(bom + Array("a,b\n1,2\n".utf8)) == .init(columnNames: ["a", "b"], array: .init(shape: [1, 2], values: [1, 2])))
    }

    @Test func mixedLineEndingsAreOneTable() throws {
        #expect(try csv(Array("x,y\r\n1,2\n3,4\r\n5,6\n\r\n".utf8)).array == .init(shape: [3, 2], values: [1, 2, 3, 4, 5, 6]))
    }

    @Test func crc32IsZlibs() {
        #expect(crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(crc32([UInt8]()) == 0)
        let long = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        // Slicing by 8 agrees with the byte-at-a-time definition at every length and alignment.
        var table = [UInt32](repeating: 0, count: 256)
        for n in 0..<256 { table[n] = (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 } }
        for start in 0..<9 {
            for end in [start, start + 7, start + 8, start + 17, 1000] {
                let part = long[start..<end]
                let slow = part.reduce(UInt32(0xFFFF_FFFF)) { table[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) } ^ 0xFFFF_FFFF
                #expect(crc32(part) == slow, "\(start)..<\(end)")
            }
        }
    }

    @Test func aTorchCheckpointWithoutCRCsIsRead() throws {
        // torch.serialization.set_crc32_options(False): 0 in every header means "not recorded".
        var bytes = MalformedFileTests.seedSine
        for name in ["seed_sine/data.pkl", "seed_sine/data/0"] {
            bytes = MalformedFileTests.patched(bytes, at: MalformedFileTests.zipEntry(name, in: bytes).central + 16, 0, size: 4)
        }
        let read = try WeightsFile(bytes: bytes, source: "m.pt").entries.map(\.array)
        #expect(read == (try WeightsFile(bytes: MalformedFileTests.seedSine, source: "m.pt")).entries.map(\.array))
    }

    @Test func whatTheWritersWritePassesTheCheck() throws {
        var zip = ZipWriter()
        zip.add("a.npy", NpyFormat.encode(FloatArray(shape: [2], values: [1, 2])))
        #expect(try npzArrays(zip.finished(), source: "x.npz").map(\.name) == ["a"])
    }

    @Test func aMissingFileBeforeANameIsNamedAsMissing() throws {
        let directory = try IOFixtures.scratchDirectory().path
        for file in ["batch.pt", "batch.npz", "w.safetensors"] {
            #expect(throws: FileError("\(directory)/\(file)", "no such file")) { _ = try loadSequence(path: "\(directory)/\(file):input") }
        }
        #expect(throws: FileError("\(directory)/a:b.npy", "no such file")) { _ = try loadSequence(path: "\(directory)/a:b.npy") }
    }

    @Test func aPipeIsReadToItsEnd() throws {
        let fifo = try IOFixtures.scratchDirectory().appendingPathComponent("x.npy").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let bytes = try IOFixtures.bytes("c_order_f32.npy")
        let writer = Thread {
            let descriptor = open(fifo, O_WRONLY)
            bytes.withUnsafeBytes { _ = write(descriptor, $0.baseAddress!, $0.count) }
            close(descriptor)
        }
        writer.start()
        #expect(try loadSequence(path: fifo) == (try loadSequence(path: IOFixtures.path("c_order_f32.npy"))))
    }

    @Test func anUnreadableFileSaysWhy() throws {
        let directory = try IOFixtures.scratchDirectory().path
        #expect(throws: FileError(directory, "is a directory")) { _ = try loadStateDict(path: directory) }
        guard getuid() != 0 else { return }   // root reads anything
        let path = directory + "/locked.npy"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0]))
        #expect(throws: FileError(path, "cannot be read: Permission denied")) { _ = try loadSequence(path: path) }
    }

    @Test func aLongOutputNameGetsAShortTemporaryName() throws {
        let directory = try IOFixtures.scratchDirectory()
        for length in [249, 255] {
            let name = String(repeating: "é", count: 20) + String(repeating: "a", count: length - 40 - 4) + ".npy"
            #expect(name.utf8.count == length)
            let path = directory.appendingPathComponent(name).path
            let temporary = URL(fileURLWithPath: temporaryPath(beside: path)).lastPathComponent
            #expect(temporary.utf8.count <= 255 && temporary.hasPrefix(".") && temporary.hasSuffix(".tmp"))
            try saveNpy(Tensor(shape: [2], data: [1, 2]), path: path)
            #expect(try loadSequence(path: path) == Tensor(shape: [2], data: [1, 2]))
        }
        let short = URL(fileURLWithPath: temporaryPath(beside: "/tmp/out.npy")).lastPathComponent
        #expect(short == ".out.npy.\(ProcessInfo.processInfo.processIdentifier).tmp")
        #expect(temporaryPath(beside: "/d/" + String(repeating: "a", count: 250) + "1")
                != temporaryPath(beside: "/d/" + String(repeating: "a", count: 250) + "2"))
    }
}
