public import Foundation

/// Where things are, for tests: the repository root and the built binaries.
public enum RepoPaths {
    /// The repository root (two levels above this file's folder).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A script under `scripts/`.
    public static func script(_ name: String) -> String {
        root.appendingPathComponent("scripts").appendingPathComponent(name).path
    }

    /// The build folder of the running test binary (where `aurora-gateway` was built too).
    public static var buildDirectory: URL {
        let exe = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var dir = exe.deletingLastPathComponent()
        while dir.pathExtension == "xctest" || dir.lastPathComponent == "Contents" || dir.lastPathComponent == "MacOS" {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    /// The built `aurora-gateway` executable next to the test binary.
    public static var gatewayBinary: String { buildDirectory.appendingPathComponent("aurora-gateway").path }

    /// A fresh, empty temporary directory.
    public static func temporaryDirectory(_ prefix: String = "agw-test") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
