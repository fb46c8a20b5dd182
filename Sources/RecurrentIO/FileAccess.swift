import Foundation

/// Refuses an empty path before anything looks at it ("" would otherwise read as the current directory).
func checkPathNotEmpty(_ path: String) throws {
    guard !path.isEmpty else { throw FileError("''", "an empty path names no file") }
}

/// The whole content of a file, or a `FileError` saying why it cannot be read.
func readFileBytes(path: String) throws -> [UInt8] {
    try checkPathNotEmpty(path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw FileError(path, "no such file")
    }
    guard !isDirectory.boolValue else { throw FileError(path, "is a directory") }
    guard let data = FileManager.default.contents(atPath: path) else { throw FileError(path, "cannot be read") }
    return [UInt8](data)
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place, so that a failure
/// never leaves a partial file at `path`.
func writeFileAtomically(_ bytes: [UInt8], path: String) throws {
    try checkPathNotEmpty(path)
    // The rename would replace a device, a pipe or a link to one (/dev/stdout) with a plain file.
    var status = stat()
    if stat(path, &status) == 0 {
        let kind = status.st_mode & S_IFMT
        if kind == S_IFDIR { throw FileError(path, "is a directory") }
        if kind != S_IFREG { throw FileError(path, "is not a regular file (a device or a pipe); give a file path") }
    }
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
        throw FileError(path, "cannot write (does the directory exist and is it writable?)")
    }
    guard rename(temporary.path, url.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw FileError(path, "cannot write: \(reason)")
    }
}

/// Whether two paths name one existing file (same device and inode: `./x` and `x`, links), so a
/// command can refuse to write its output over one of its own inputs.
public func isSameFile(_ a: String, _ b: String) -> Bool {
    var first = stat(), second = stat()
    guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
    return first.st_dev == second.st_dev && first.st_ino == second.st_ino
}
