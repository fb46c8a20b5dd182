@testable import RecurrentIO
import Testing

/// `.pt` output read back by the restricted reader (written independently of it, from the same
/// description of the format): names in order, shapes, every bit of every value. That PyTorch's own
/// `torch.load(weights_only=True)` takes these files and `load_state_dict` matches every key was
/// checked with torch 2.15 when the writer was written (see README).
struct TorchWriterTests {
    @Test func aStateDictReadsBackInOrder() throws {
        let arrays = [(name: "weight_ih_l0", array: FloatArray(shape: [3, 2], values: [1, -2, 0.5, .infinity, -0, 7])),
                      (name: "bias_ih_l0", array: FloatArray(shape: [3], values: [0.25, -0.125, 1e-30])),
                      (name: "scalar", array: FloatArray(shape: [], values: [42])),
                      (name: "empty", array: FloatArray(shape: [0, 4], values: [])),
                      (name: "long", array: FloatArray(shape: [70_000], values: (0..<70_000).map { Float($0) }))]
        let back = try TorchCheckpoint(bytes: encodeTorchStateDict(arrays), source: "w.pt").entries
        #expect(back.map(\.name) == arrays.map(\.name))
        for (entry, (_, array)) in zip(back, arrays) {
            #expect(entry.dtype == "F32")
            #expect(entry.array.shape == array.shape, "\(entry.name)")
            #expect(entry.array.values.map(\.bitPattern) == array.values.map(\.bitPattern), "\(entry.name)")
        }
        #expect(encodeTorchStateDict(arrays) == encodeTorchStateDict(arrays))   // the same tensors, the same bytes
    }

    @Test func integersUseTheSmallestOpcodeThatHoldsThem() throws {
        let values = [0, 255, 256, 65_535, 65_536, Int(Int32.max), Int(Int32.max) + 1, 1 << 40, -1]
        var pickle = PickleWriter()
        pickle.protocol2()
        pickle.tuple(of: values)
        pickle.stop()
        let (root, heap) = try TorchPickle.load(pickle.bytes, source: "p")
        guard case .tuple(let items) = heap.object(root) else { Issue.record("not a tuple"); return }
        #expect(items == values.map { PickleValue.int($0) })
    }

    @Test func theZipCarriesTorchsEntriesWithRealChecksums() throws {
        let bytes = encodeTorchStateDict([(name: "w", array: FloatArray(shape: [2], values: [1, 2]))])
        let archive = try ZipArchive(bytes: bytes, source: "w.pt")
        #expect(archive.entries.map(\.name) == ["archive/data.pkl", "archive/byteorder", "archive/data/0", "archive/version"])
        for entry in archive.entries {
            let data = Array(bytes[try archive.dataRange(of: entry, in: bytes)])
            let at = entry.localHeaderOffset + 14
            #expect(crc32(data) == (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) })
        }
    }
}
