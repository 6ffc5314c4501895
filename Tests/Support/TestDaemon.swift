import Foundation

/// Drives the `scripts/test-*.sh` daemons (KDC, slapd, sshd): each keeps its files in one folder and writes the
/// variables the tests need to `env.sh` there.
enum TestDaemon {
    /// `scripts/<script> <command> DIR` (with `--watch` this process for start and resume, so the daemon dies with
    /// it). system() rather than Foundation's Process: the script leaves the daemon running in the background.
    static func run(_ script: String, _ command: String, in directory: String) throws {
        let watch = command == "stop" ? "" : " --watch \(getpid())"
        let log = "\(directory)/\(command).log"
        guard system("/bin/bash '\(RepoPaths.script(script))' \(command) '\(directory)'\(watch) >'\(log)' 2>&1") == 0 else {
            throw TestSupportError("scripts/\(script) \(command) failed: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
    }

    /// The folder named by `variable` when the test command started the daemon there, else a new one started now.
    static func reuseOrStart(_ script: String, variable: String, prefix: String) throws -> String {
        let given = ProcessInfo.processInfo.environment[variable] ?? ""
        if !given.isEmpty && FileManager.default.fileExists(atPath: "\(given)/env.sh") { return given }
        let directory = RepoPaths.temporaryDirectory(prefix).path
        try run(script, "start", in: directory)
        return directory
    }

    /// A new folder with a daemon of its own, for a test that stops it.
    static func startPrivate(_ script: String, prefix: String) throws -> String {
        let directory = RepoPaths.temporaryDirectory(prefix).path
        try run(script, "start", in: directory)
        return directory
    }

    /// The `export NAME=value` lines of `DIR/env.sh`.
    static func exports(_ directory: String) throws -> [String: String] {
        var environment: [String: String] = [:]
        for line in try String(contentsOfFile: "\(directory)/env.sh", encoding: .utf8).split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { environment[String(pair[0])] = String(pair[1]) }
        }
        return environment
    }
}
