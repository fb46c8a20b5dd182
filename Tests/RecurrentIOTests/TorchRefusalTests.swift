import Foundation
import RecurrentIO
import Testing

/// Broken or unreadable `torch.save` files, made by PyTorch or from its files: each is one thrown line.
extension MalformedFileTests {
    static let seedSine = try! IOFixtures.bytes("torch/seed_sine.pt")
    /// Where seed_sine.pt's end-of-central-directory record starts (torch writes no comment).
    static let endRecord = seedSine.count - 22

    static func fixture(_ name: String) -> [UInt8] { try! IOFixtures.bytes("torch/" + name) }

    /// `bytes` with the little-endian `value` of `size` bytes written at `offset`.
    static func patched(_ bytes: [UInt8], at offset: Int, _ value: Int, size: Int) -> [UInt8] {
        var bytes = bytes
        for i in 0..<size { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
        return bytes
    }

    /// `bytes` with every occurrence of `old` replaced by `new` (of the same length).
    static func replacing(_ old: String, with new: String, in bytes: [UInt8]) -> [UInt8] {
        let (old, new) = (Array(old.utf8), Array(new.utf8))
        precondition(old.count == new.count)
        var bytes = bytes
        for start in 0...(bytes.count - old.count) where Array(bytes[start..<(start + old.count)]) == old {
            bytes.replaceSubrange(start..<(start + old.count), with: new)
        }
        return bytes
    }

    /// The little-endian number of `size` bytes at `offset` of seed_sine.pt.
    static func field(at offset: Int, size: Int) -> Int {
        (0..<size).reduce(0) { $0 | Int(seedSine[offset + $1]) << (8 * $1) }
    }

    /// The offset of the central-directory record of entry `name` in seed_sine.pt.
    static func centralRecord(of name: String) -> Int {
        let needle = Array(name.utf8)
        let directory = field(at: endRecord + 16, size: 4)
        let start = (directory...(endRecord - needle.count)).first {
            Array(seedSine[$0..<($0 + needle.count)]) == needle && seedSine[$0 - 46..<($0 - 42)] == [0x50, 0x4B, 1, 2]
        }!
        return start - 46
    }

    /// `bytes` (seed_sine.pt, its entries where they were) with the CRC-32 of entry `name` recorded
    /// as 0, "none" — as torch.save writes it with CRC-32s turned off — so that a change made to
    /// the entry's data reaches the check after the CRC's.
    static func unrecordedCRC(of name: String, in bytes: [UInt8]) -> [UInt8] {
        patched(bytes, at: centralRecord(of: name) + 16, 0, size: 4)
    }

    static let torchCases: [Case] = [
        Case(file: "w.pt", bytes: fixture("sequence.npy"),
             problem: "a numpy .npy array, not a state dict (state dicts are .safetensors or torch.save'd .pt; arrays go to --input or --h0)"),
        Case(file: "w.pt", bytes: fixture("sequence.npz"),
             problem: "a numpy .npz archive of arrays, not a state dict (arrays go to --input FILE.npz:NAME or --h0)"),
        Case(file: "m.pt", bytes: fixture("whole_model.pt"),
             problem: "a pickled 'torch.nn.modules.rnn.RNN', which is not read (only tensors are, and no pickled code is run) "
                + "— save model.state_dict() instead of the whole model"),
        Case(file: "m.pt", bytes: fixture("legacy.pt"),
             problem: "a legacy torch.save file (torch < 1.6 or _use_new_zipfile_serialization=False), which is not read "
                + "— save it again with a current torch.save, or with safetensors.torch.save_file"),
        Case(file: "m.pt", bytes: fixture("deflated.pt"),
             problem: "zip entry 'seed_sine/byteorder' is compressed with method 8 (deflate); only stored (uncompressed) "
                + "entries are read, as torch.save writes them — save the file again with torch.save"),
        Case(file: "m.pt", bytes: Array(seedSine.dropLast()),
             problem: "no end-of-central-directory record: a truncated or damaged zip archive"),
        Case(file: "m.pt", bytes: Array(seedSine.prefix(10)), problem: "truncated: 10 bytes, too short for a zip archive"),
        Case(file: "m.pt", bytes: patched(seedSine, at: endRecord + 10, 0xFFFF, size: 2),
             problem: "a ZIP64 archive (over 4 GiB or 65,535 entries), which is not read"),
        Case(file: "m.pt", bytes: patched(seedSine, at: endRecord + 4, 1, size: 2),
             problem: "a zip archive split over several disks, which is not read"),
        Case(file: "m.pt", bytes: patched(seedSine, at: endRecord + 16, endRecord, size: 4),
             problem: "the central directory (\(field(at: endRecord + 12, size: 4)) bytes at \(endRecord)) "
                + "goes beyond the end record at \(endRecord)"),
        Case(file: "m.pt", bytes: replacing("data.pkl", with: "data.pkz", in: seedSine),
             problem: "a zip archive without <folder>/data.pkl: not a torch.save file"),
        Case(file: "m.pt", bytes: unrecordedCRC(of: "seed_sine/byteorder", in: replacing("little", with: "BIGEND", in: seedSine)),
             problem: "byteorder is 'BIGEND': only little-endian checkpoints are read"),
        Case(file: "m.pt", bytes: unrecordedCRC(of: "seed_sine/data/0", in: patched(patched(seedSine, at: centralRecord(of: "seed_sine/data/0") + 20, 36, size: 4),
                                                                                   at: centralRecord(of: "seed_sine/data/0") + 24, 36, size: 4)),
             problem: "tensor 'weight_ih_l0': storage '0' holds 36 bytes, but 10 elements of FloatStorage need 10 × 4"),
        Case(file: "m.pt", bytes: patched(seedSine, at: centralRecord(of: "seed_sine/data/0") + 42, endRecord, size: 4),
             problem: "zip entry 'seed_sine/data/0': local header at \(endRecord) lies outside the entries' data"),
        Case(file: "m.pt", bytes: patched(seedSine, at: centralRecord(of: "seed_sine/data.pkl") + 8, 1, size: 2),
             problem: "zip entry 'seed_sine/data.pkl' is encrypted"),
        Case(file: "m.pt", bytes: unrecordedCRC(of: "seed_sine/data.pkl", in: replacing("FloatStorage", with: "FloatStorags", in: seedSine)),
             problem: "a pickled 'torch.FloatStorags', which is not read (only tensors are, and no pickled code is run) "
                + "— save model.state_dict() instead of the whole model"),
    ]
}

/// Cuts and damaged bytes of real checkpoints: always a thrown one-line `FileError`, never a crash.
struct TorchDamageTests {
    func expectReadOrOneLineError(_ bytes: [UInt8], _ what: String) {
        do {
            _ = try WeightsFile(bytes: bytes, source: "m.pt")
        } catch let error as FileError {
            #expect(!error.description.contains("\n"), "\(what): \(error)")
        } catch {
            Issue.record("\(what): not a FileError: \(error)")
        }
    }

    @Test(arguments: ["views.pt", "seed_sine.pt", "whole_model.pt"])
    func everyTruncationIsRefused(file: String) throws {
        let bytes = try IOFixtures.bytes("torch/" + file)
        for length in 0..<bytes.count {
            #expect(throws: FileError.self, "cut at \(length)") { try WeightsFile(bytes: Array(bytes.prefix(length)), source: "m.pt") }
        }
    }

    @Test(arguments: ["views.pt", "nested.pt"])
    func everyDamagedByteIsReadOrRefused(file: String) throws {
        let bytes = try IOFixtures.bytes("torch/" + file)
        for offset in bytes.indices {
            for value: UInt8 in [0x00, 0xFF, bytes[offset] ^ 0x01] {
                var damaged = bytes
                damaged[offset] = value
                expectReadOrOneLineError(damaged, "byte \(offset) = \(value)")
            }
        }
    }

    @Test func anArchiveCommentIsSkipped() throws {
        let comment = Array("saved by hand".utf8)
        let bytes = MalformedFileTests.patched(MalformedFileTests.seedSine, at: MalformedFileTests.endRecord + 20,
                                               comment.count, size: 2) + comment
        let file = try WeightsFile(bytes: bytes, source: "m.pt")
        #expect(file.entries.map(\.array) == (try WeightsFile(bytes: MalformedFileTests.seedSine, source: "m.pt")).entries.map(\.array))
    }
}
