/// A state dict file of either format `--weights` reads, told apart by its first bytes (never by
/// its name): `PK\u{3}\u{4}` starts a `torch.save` zip (`.pt`, `.pth`), the legacy `torch.save`
/// magic (torch < 1.6, or `_use_new_zipfile_serialization=False`) is refused with what to do, and
/// anything else is read as `.safetensors` (a plain pickle that fails as one is named as a pickle).
public struct WeightsFile: Sendable {
    public enum Format: Sendable, Equatable {
        case safetensors
        /// `torch.save`'s zip of a pickled state dict.
        case torchZip
    }

    public var format: Format
    /// The tensors, in the order the file stores them.
    public var entries: [SafetensorsFile.Entry]
    /// Safetensors' `__metadata__` (a torch checkpoint has none).
    public var metadata: [String: String]

    /// A zip archive's local-header signature.
    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    /// What a legacy `torch.save` file starts with: `PROTO 2`, then `LONG1` of torch's magic number
    /// 0x1950a86a20f9469cfc6c.
    static let legacyTorchMagic: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]

    /// Parses the bytes of a file; `source` names it in errors.
    /// `singleTensor`: the name for a `torch.save`'d lone tensor (see `TorchCheckpoint`).
    public init(bytes: [UInt8], source: String, singleTensor: String? = nil) throws {
        if bytes.starts(with: Self.zipMagic) {
            format = .torchZip
            entries = try TorchCheckpoint(bytes: bytes, source: source, singleTensor: singleTensor).entries
            metadata = [:]
        } else if bytes.starts(with: NpyFormat.magic) {
            throw FileError(source, "a numpy .npy array, not a state dict (state dicts are .safetensors or torch.save'd .pt; "
                            + "arrays go to --input or --h0)")
        } else if bytes.starts(with: Self.legacyTorchMagic) {
            throw FileError(source, "a legacy torch.save file (torch < 1.6 or _use_new_zipfile_serialization=False), which is "
                            + "not read — save it again with a current torch.save, or with safetensors.torch.save_file")
        } else {
            format = .safetensors
            let file: SafetensorsFile
            do {
                file = try SafetensorsFile(bytes: bytes, source: source)
            } catch where Self.startsLikeAPickle(bytes) {
                // Not safetensors' wording ("header length … goes beyond the file") for what is no safetensors file.
                throw FileError(source, "a plain Python pickle (pickle.dump), not a torch.save file, which is not read — "
                                + "save it with torch.save(obj, path) or safetensors.torch.save_file")
            }
            entries = file.entries
            metadata = file.metadata
        }
    }

    /// Whether `bytes` start as a pickle of protocol 2 to 5 does (`PROTO n`): only asked once
    /// they failed as safetensors, whose 8-byte header length can start with the same two bytes.
    static func startsLikeAPickle(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x80 && (2...5).contains(bytes[1])
    }
}
