public import Foundation

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    /// The exit status.
    public let status: Int32
    /// Everything written to standard output.
    public let stdout: String
    /// Everything written to standard error.
    public let stderr: String
}

/// Runs child processes for tests, with a bounded wait.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, extra `environment`, and waits at most `timeout` seconds.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           timeout: TimeInterval = 120) async throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        async let stdout = readToEnd(out.fileHandleForReading)
        async let stderr = readToEnd(err.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: await stdout, as: UTF8.self),
                             stderr: String(decoding: await stderr, as: UTF8.self))
    }

    /// Reads a pipe to its end on a thread of its own: a blocking read on Swift's cooperative pool (two threads on
    /// this machine) would stall every other test until the child closes the pipe.
    static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: handle.readDataToEndOfFile()) }.start()
        }
    }
}

/// A long-running child process (a server) that is stopped when the handle goes.
public final class BackgroundProcess: @unchecked Sendable {
    // Mutated only in init and stop(); tests use one handle from one task.
    private let process = Process()
    private let output: URL
    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Starts `executable`; its stdout and stderr go to a log file the test can read.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        output = RepoPaths.temporaryDirectory("agw-proc").appendingPathComponent("output.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// What the process has written so far.
    public var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// True while it runs.
    public var isRunning: Bool { process.isRunning }

    /// Waits until the log contains `text` (or the process exits, or the time is up).
    public func waitForLog(_ text: String, timeout: TimeInterval = 30) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.contains(text) { return true }
            if !process.isRunning { return log.contains(text) }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    /// Sends `signal` (e.g. SIGHUP) without waiting.
    public func send(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits up to `timeout` for the process to exit by itself; its exit status, or nil if it is still running.
    public func waitForExit(timeout: TimeInterval) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Sends SIGTERM and waits for the exit; returns the exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            // Bounded: a server that does not drain within 20 s is killed, so a stuck child cannot hold a test thread.
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    deinit { stop() }
}
