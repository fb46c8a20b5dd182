import Foundation

/// Refuses an empty path before anything looks at it ("" would otherwise read as the current directory).
func checkPathNotEmpty(_ path: String) throws {
    guard !path.isEmpty else { throw FileError("''", "an empty path names no file") }
}

/// The whole content of a file, or a `FileError` saying why it cannot be read. A pipe or a
/// device is read to its end like a file (`--input <(python make.py)` when the name says the
/// format, a FIFO named `x.npy`); a directory is refused, and a failure names the system's reason.
func readFileBytes(path: String) throws -> [UInt8] {
    try checkPathNotEmpty(path)
    var status = stat()
    guard stat(path, &status) == 0 else {
        throw FileError(path, errno == ENOENT ? "no such file" : "cannot be read: \(String(cString: strerror(errno)))")
    }
    guard status.st_mode & S_IFMT != S_IFDIR else { throw FileError(path, "is a directory") }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw FileError(path, "cannot be read: \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    let isRegular = status.st_mode & S_IFMT == S_IFREG
    var bytes: [UInt8] = []
    bytes.reserveCapacity(isRegular ? Int(status.st_size) : 1 << 16)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else {
            let kind = isRegular ? "" : " (\(status.st_mode & S_IFMT == S_IFIFO ? "a pipe" : "not a regular file"))"
            throw FileError(path, "cannot be read\(kind): \(String(cString: strerror(errno)))")
        }
        if count == 0 { return bytes }
        bytes += chunk[..<count]
    }
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
/// the one a command removes if it is interrupted. A name too long for that (a file name has at
/// most 255 bytes, and NAME may have 249) keeps NAME's first bytes and a hash of the whole.
public func temporaryPath(beside path: String) -> String {
    let url = URL(fileURLWithPath: path)
    let name = url.lastPathComponent, suffix = ".\(ProcessInfo.processInfo.processIdentifier).tmp"
    var stem = "." + name
    if stem.utf8.count + suffix.utf8.count > maximumNameBytes {
        // FNV-1a of the name, so that two long names with one beginning still get two files.
        let hash = name.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        let head = String(String.UnicodeScalarView(name.unicodeScalars.filter(\.isASCII).prefix(32)))
        stem = "." + head + "~" + String(hash, radix: 16)
    }
    return url.deletingLastPathComponent().appendingPathComponent(stem + suffix).path
}

/// The most bytes a file name may have (NAME_MAX on Linux and macOS).
let maximumNameBytes = 255

/// Writes every byte to an open descriptor (a write may take only part, be interrupted by a
/// signal, or find a non-blocking descriptor full — a terminal or pipe; it then waits until it can
/// write): 0, or the `errno` of the write that failed.
public func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
                continue
            }
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
