import NIOCore

/// SSH connections kept open per agent, port and user after a command, so that the next command there skips the TCP,
/// key exchange and authentication round trips; one is closed after `idleTimeout` without a session, or at once after
/// a failure on it. All state lives on `loop`, where every connection of the pool runs.
final class SSHConnectionPool: @unchecked Sendable {
    /// Sessions one connection carries at once (OpenSSH's `MaxSessions` is 10 by default).
    static let sessionsPerConnection = 8

    /// Whom a connection is for: commands are only ever put on a connection authenticated as the same user.
    struct Key: Hashable, Sendable {
        let host: String
        let port: Int
        let user: String
    }

    /// One connection, the commands running on it, and whether it may take more.
    final class Connection: @unchecked Sendable {
        let channel: any Channel
        let sessions: ConnectionSessions
        fileprivate var running = 0
        /// A command has completed on it: the host key and the user's key were accepted.
        fileprivate var proven = false
        /// Takes no new command; closed when the last one ends.
        fileprivate var retired = false
        fileprivate var idleTimer: Scheduled<Void>?

        init(channel: any Channel, sessions: ConnectionSessions) {
            self.channel = channel
            self.sessions = sessions
        }
    }

    let loop: any EventLoop
    let idleTimeout: TimeAmount
    private var open: [Key: [Connection]] = [:]

    /// A pool on `loop`; an `idleTimeout` of zero keeps nothing (a new connection per command).
    init(loop: any EventLoop, idleTimeout: TimeAmount) {
        self.loop = loop
        self.idleTimeout = idleTimeout
    }

    /// A proven, open connection for `key` with room for one more command, taken for it; nil when there is none.
    func checkOut(_ key: Key) -> Connection? {
        loop.preconditionInEventLoop()
        guard let found = open[key]?.first(where: { $0.proven && !$0.retired && $0.channel.isActive && $0.running < Self.sessionsPerConnection })
        else { return nil }
        found.running += 1
        found.idleTimer?.cancel()
        found.idleTimer = nil
        return found
    }

    /// Registers a new connection, taken for one command; when it closes, its commands fail and it is forgotten.
    func add(_ channel: any Channel, key: Key, sessions: ConnectionSessions) -> Connection {
        loop.preconditionInEventLoop()
        let connection = Connection(channel: channel, sessions: sessions)
        connection.running = 1
        open[key, default: []].append(connection)
        channel.closeFuture.whenComplete { _ in
            sessions.failAll(.protocolError(host: key.host, reason: "the connection closed before the command ended"))
            connection.idleTimer?.cancel()
            self.open[key]?.removeAll { $0 === connection }
            if self.open[key]?.isEmpty == true { self.open[key] = nil }
        }
        return connection
    }

    /// Gives a command's place back. A connection whose command failed is retired; an idle one closes after `idleTimeout`.
    func checkIn(_ connection: Connection, succeeded: Bool) {
        loop.preconditionInEventLoop()
        connection.running -= 1
        if succeeded { connection.proven = true } else { connection.retired = true }
        if idleTimeout == .zero { connection.retired = true }
        guard connection.running == 0 else { return }
        guard !connection.retired, connection.channel.isActive else {
            connection.channel.close(promise: nil)
            return
        }
        connection.idleTimer = loop.scheduleTask(in: idleTimeout) {
            guard connection.running == 0 else { return }
            connection.retired = true
            connection.channel.close(promise: nil)
        }
    }

    /// How many connections are open now.
    func count() -> Int {
        loop.preconditionInEventLoop()
        return open.values.reduce(0) { $0 + $1.count }
    }
}
