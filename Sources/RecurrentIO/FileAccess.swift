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

/// Writes `bytes` to a temporary file beside `path` (`temporaryPath(beside:)`) and renames it into
/// place, so that a failure never leaves a partial file at `path`, nor the temporary one.
func writeFileAtomically(_ bytes: [UInt8], path: String) throws {
    try checkPathNotEmpty(path)
    // The rename would replace a device, a pipe or a link to one (/dev/stdout) with a plain file.
    var status = stat()
    if stat(path, &status) == 0 {
        let kind = status.st_mode & S_IFMT
        if kind == S_IFDIR { throw FileError(path, "is a directory") }
        if kind != S_IFREG { throw FileError(path, "is not a regular file (a device or a pipe); give a file path") }
    }
    let temporary = temporaryPath(beside: path)
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else {
        throw FileError(path, "cannot write (does the directory exist and is it writable?)")
    }
    var failure = writeAll(bytes, to: descriptor)
    if close(descriptor) != 0, failure == 0 { failure = errno }
    if failure == 0, rename(temporary, path) != 0 { failure = errno }
    guard failure == 0 else {
        unlink(temporary)
        throw FileError(path, "cannot write: \(String(cString: strerror(failure)))")
    }
}

/// Where `writeFileAtomically` stages the content of `path` before renaming it into place:
/// `.NAME.PID.tmp` in the same directory (hidden, and this process's own). Written with plain
/// POSIX calls, so this is the only file that exists besides `path` while the write is in flight —
/// the one a command removes if it is interrupted.
public func temporaryPath(beside path: String) -> String {
    let url = URL(fileURLWithPath: path)
    return url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
}

/// Writes every byte to an open file (a write may take only part, or be interrupted by a signal):
/// 0, or the `errno` of the write that failed.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return count < 0 ? errno : EIO }
            offset += count
        }
        return 0
    }
}

/// Whether two paths name one existing file (same device and inode: `./x` and `x`, links), so a
/// command can refuse to write its output over one of its own inputs.
public func isSameFile(_ a: String, _ b: String) -> Bool {
    var first = stat(), second = stat()
    guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
    return first.st_dev == second.st_dev && first.st_ino == second.st_ino
}
