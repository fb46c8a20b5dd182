/// A state dict saved by `torch.save` (PyTorch ≥ 1.6's default zip format), read without running
/// any of its pickle code.
///
/// The archive (`ZipArchive`) holds, under one top folder whose name varies (`m/` for `m.pt`,
/// `archive/` for a buffer): `data.pkl`, the pickled dict; `data/<key>`, the raw little-endian bytes
/// of each storage; `byteorder` (`little`), `version` and a few more the reader does not need.
/// `data.pkl` is read by a restricted unpickler (`TorchPickle`) that knows only the globals a state
/// dict uses; each `_rebuild_tensor_v2(storage, offset, size, stride, …)` it records becomes a tensor
/// here, gathered from its storage (`TorchTensorReader`) and widened to Float.
///
/// The pickled object must be a dict (an `OrderedDict`, as `state_dict()` returns). Its tensors are
/// the entries; a dict inside it (a checkpoint `{"model": model.state_dict(), "epoch": 3, …}`) is
/// read too, its keys joined with `.` (`model.rnn.weight_ih_l0`); values that are neither tensors
/// nor dicts (numbers, strings, lists) are left out.
public struct TorchCheckpoint: Sendable {
    public typealias Entry = SafetensorsFile.Entry

    /// The tensors in the order the pickled dict holds them.
    public var entries: [Entry]

    /// How deep dicts may nest inside the state dict.
    static let maximumDepth = 8

    /// Parses the bytes of a file; `source` names it in errors. `singleTensor`: the name to give a
    /// file that holds one tensor rather than a dict (`torch.save(x, "x.pt")`), which is otherwise
    /// refused.
    public init(bytes: [UInt8], source: String, singleTensor: String? = nil) throws {
        let archive = try ZipArchive(bytes: bytes, source: source, allowsUnrecordedCRC: true)
        let folder = try Self.topFolder(of: archive, source: source)
        if let order = archive.entry(named: folder + "/byteorder") {
            let text = String(decoding: bytes[try archive.dataRange(of: order, in: bytes)], as: UTF8.self)
            guard text == "little" else {
                throw FileError(source, "byteorder is \(quotedName(text)): only little-endian checkpoints are read")
            }
        }
        let pickleEntry = archive.entry(named: folder + "/data.pkl")!
        let pickle = Array(bytes[try archive.dataRange(of: pickleEntry, in: bytes)])
        let (root, heap) = try TorchPickle.load(pickle, source: source)
        var reader = TorchTensorReader(archive: archive, bytes: bytes, folder: folder, heap: heap, source: source)
        if let singleTensor, case .call = heap.object(root) {
            entries = [try reader.tensor(root, name: singleTensor)]
            return
        }
        guard case .dict(let dict) = heap.object(root) else {
            throw FileError(source, "holds \(Self.describe(root, heap)), not a state dict (a dict of name → tensor)")
        }
        var entries: [Entry] = []
        var names = Set<String>()
        try Self.collect(dict, prefix: "", depth: 1, reader: &reader) { entry in
            guard names.insert(entry.name).inserted else { throw FileError(source, "two tensors named \(quotedName(entry.name))") }
            entries.append(entry)
        }
        self.entries = entries
    }

    /// The folder `F` of the one entry `F/data.pkl`.
    static func topFolder(of archive: ZipArchive, source: String) throws -> String {
        let folders = archive.entries.map(\.name).compactMap { name -> String? in
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && parts[1] == "data.pkl" && !parts[0].isEmpty ? String(parts[0]) : nil
        }
        if folders.isEmpty, !archive.entries.isEmpty, archive.entries.allSatisfy({ $0.name.hasSuffix(".npy") }) {
            throw FileError(source, "a numpy .npz archive of arrays, not a state dict (arrays go to --input FILE.npz:NAME or --h0)")
        }
        guard folders.count == 1 else {
            throw FileError(source, folders.isEmpty ? "a zip archive without <folder>/data.pkl: not a torch.save file"
                                                    : "a zip archive with \(folders.count) data.pkl files: not one torch.save file")
        }
        return folders[0]
    }

    /// Hands every tensor of `dict` (and of the dicts inside it) to `found`, in order.
    private static func collect(_ dict: PickleDict, prefix: String, depth: Int, reader: inout TorchTensorReader,
                                found: (Entry) throws -> Void) throws {
        for (key, value) in dict.items {
            let name: String
            switch key {
            case .string(let text): name = prefix + text
            case .int(let number): name = prefix + String(number)
            default: continue
            }
            switch reader.heap.object(value) {
            case .call:
                try found(try reader.tensor(value, name: name))
            case .dict(let inner):
                guard depth < maximumDepth else {
                    throw FileError(reader.source, "dicts nested more than \(maximumDepth) deep (at \(quotedName(name)))")
                }
                try collect(inner, prefix: name + ".", depth: depth + 1, reader: &reader, found: found)
            default:
                continue
            }
        }
    }

    /// What a value is, in Python's words, for the error when it is not a dict.
    private static func describe(_ value: PickleValue, _ heap: PickleHeap) -> String {
        switch value {
        case .none: "None"
        case .bool: "a bool"
        case .int: "an int"
        case .float: "a float"
        case .string: "a str"
        case .global: "a class or function"
        case .object:
            switch heap.object(value) {
            case .tuple: "a tuple"
            case .list: "a list"
            case .call: "a single tensor"
            default: "a storage"
            }
        }
    }
}
