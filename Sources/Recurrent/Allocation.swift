#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What PyTorch says when a tensor cannot be allocated, checked before the engine allocates: sizes
/// whose byte count overflows, or tensors (together) larger than this machine's memory. Without the
/// check such sizes trap on overflow or spend minutes filling memory that is not there.
public struct AllocationBudget {
    /// Bytes still free for tensors: the machine's physical memory at the start.
    public private(set) var remaining: Int

    public init(bytes: Int = AllocationBudget.available) { remaining = bytes }

    /// This machine's physical memory in bytes.
    public static var physicalMemory: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? pages.multipliedReportingOverflow(by: size).partialValue : Int.max
    }

    /// What this process may still allocate: the physical memory, or less under an address-space
    /// limit (`ulimit -v`, RLIMIT_AS): the limit less the process's current size — so a size that
    /// would make the allocator abort fails here first, in PyTorch's words.
    public static var available: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return physicalMemory }   // RLIM_INFINITY
        let ceiling = limit.rlim_cur > UInt64(Int.max) ? Int.max : Int(limit.rlim_cur)
        return max(0, min(physicalMemory, ceiling - currentVirtualSize))
    }

    /// This process's virtual size in bytes (the first field of /proc/self/statm, in pages); 0 where unknown.
    static var currentVirtualSize: Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, 63) }
        guard count > 0 else { return 0 }
        let pages = bytes.prefix(count).prefix { $0 >= 48 && $0 <= 57 }.reduce(0) { $0 * 10 + Int($1 - 48) }
        return pages * max(1, sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Takes an F32 tensor of `shape` from the budget, or throws PyTorch's `RuntimeError` — the
    /// overflow message of `torch.empty`, or the CPU allocator's when the bytes are not there.
    /// `times` tensors of one shape (the layers above the first) are taken at once, as one block.
    public mutating func allocate(_ shape: [Int], times: Int = 1) throws {
        var bytes = MemoryLayout<Float>.size
        for dimension in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw RNNError.runtime("Storage size calculation overflowed with sizes=\(shapeList(shape))") }
            bytes = product
        }
        let (total, overflow) = bytes.multipliedReportingOverflow(by: times)
        guard !overflow else { throw RNNError.runtime("Storage size calculation overflowed with sizes=\(shapeList([times] + shape))") }
        guard total <= remaining else {
            throw RNNError.runtime("DefaultCPUAllocator: can't allocate memory: you tried to allocate \(total) bytes. Error code 12 (Cannot allocate memory)")
        }
        remaining -= total
    }
}
