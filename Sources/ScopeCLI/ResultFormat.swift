import ArgumentParser
import Foundation
import Recurrent
import RecurrentIO

/// What an `--output` path's extension asks `forward` and `init` to write.
enum ResultFormat: Equatable {
    /// Every array in one `.safetensors` (torch's `safetensors.torch.load_file`).
    case safetensors
    /// Every array in one `.npz` (numpy's `np.load(path)[name]`).
    case npz
    /// Every array in one `torch.save` file (`torch.load(path)[name]`).
    case torch
    /// The first array alone.
    case npy

    init(path: String) throws {
        switch (path as NSString).pathExtension.lowercased() {
        case "safetensors": self = .safetensors
        case "npz": self = .npz
        case "pt", "pth": self = .torch
        case "npy": self = .npy
        case _ where path.isEmpty: self = .safetensors   // the write names the empty path
        default: throw ValidationError("--output \(path): unknown format (expected .safetensors, .pt, .npz or .npy)")
        }
    }

    /// Writes `tensors` (only the first for `.npy`) to `path` atomically, its temporary file removed
    /// should Ctrl-C or SIGTERM come mid-write.
    func write(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws {
        try InFlightFiles.writing(path) {
            switch self {
            case .safetensors: try saveSafetensors(tensors, metadata: ["format": "pt"], path: path)
            case .npz: try saveNpz(tensors, path: path)
            case .torch: try saveTorchStateDict(tensors, path: path)
            case .npy: try saveNpy(tensors[0].tensor, path: path)
            }
        }
    }
}
