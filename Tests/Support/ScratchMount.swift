import Foundation

/// A small tmpfs mounted for one test (the tests run as root, as CI does): a real file system that fills up.
public final class ScratchMount: Sendable {
    /// Where it is mounted.
    public let path: String

    /// Mounts a tmpfs of `megabytes` at a fresh directory.
    public init(megabytes: Int = 16) throws {
        path = RepoPaths.temporaryDirectory("agw-mount").path
        try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", path])
    }

    /// Fills it up, leaving about `leave` bytes free.
    public func fill(leaving leave: Int = 0) throws {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { throw TestSupportError("statvfs \(path) failed") }
        let free = Int(stats.f_bavail) * Int(stats.f_frsize)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path + "/filler").creatingIfNeeded())
        defer { try? handle.close() }
        var left = free - leave
        let chunk = Data(count: 1 << 16)
        while left > 0 {
            do { try handle.write(contentsOf: chunk.prefix(min(left, chunk.count))) } catch { break }
            left -= chunk.count
        }
    }

    /// Frees the space `fill` took.
    public func drain() { try? FileManager.default.removeItem(atPath: path + "/filler") }

    /// Unmounts it (lazily, so open files do not block).
    public func unmount() { try? Self.run("/bin/umount", ["-l", path]) }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TestSupportError("\(tool) \(arguments.joined(separator: " ")) failed: \(text) (the tests need root, as in CI)")
        }
    }
}

extension URL {
    /// The URL, after creating an empty file there if none exists.
    func creatingIfNeeded() -> URL {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        return self
    }
}
