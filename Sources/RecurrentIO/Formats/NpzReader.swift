/// The arrays of a `.npz` (a ZIP of `.npy` files, as `np.savez` writes it), named without `.npy`.
public func npzArrays(_ bytes: [UInt8], source: String) throws -> [(name: String, array: FloatArray)] {
    let archive = try ZipArchive(bytes: bytes, source: source)
    return try archive.entries.map { entry in
        guard entry.method == 0 else {
            throw FileError(source, "\(quotedName(entry.name)) is compressed (np.savez_compressed); "
                            + "save it with np.savez, or as .npy")
        }
        let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
        return (name, try NpyFormat.parse(Array(bytes[try archive.dataRange(of: entry, in: bytes)]), source: "\(source):\(name)"))
    }
}
