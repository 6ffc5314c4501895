import Foundation
import GatewayCore
import Synchronization

/// Token lookups kept in memory so a request skips the database, dropped whenever a token is revoked by any
/// process: revocation appends a byte to a marker file beside the database, and every lookup compares one `stat`.
final class TokenLookupCache: Sendable {
    /// What `stat` says of the marker: a revocation always changes it (the size grows even within one mtime tick).
    struct Stamp: Equatable {
        var size: Int64 = -1
        var seconds = 0
        var nanoseconds = 0
        var inode: UInt64 = 0
    }

    private struct State {
        var stamp = Stamp()
        var entries: [String: (record: TokenRecord, at: ContinuousClock.Instant)] = [:]
    }

    /// The marker file; written by `invalidate()`.
    let markerPath: String
    private let lifetime: Duration
    private let capacity: Int
    private let state = Mutex(State())

    /// A cache whose entries live at most `lifetime` (a bound for changes made outside the store) and that holds at
    /// most `capacity` tokens.
    init(markerPath: String, lifetime: Duration = .seconds(30), capacity: Int = 10_000) {
        self.markerPath = markerPath
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The marker's current stamp (a fresh one when the marker does not exist yet).
    func currentStamp() -> Stamp {
        var info = stat()
        guard stat(markerPath, &info) == 0 else { return Stamp() }
        return Stamp(size: Int64(info.st_size), seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec,
                     inode: UInt64(info.st_ino))
    }

    /// The cached record for `digest`, or nil (then `stamp` is what to hand to `store` after reading the database).
    func lookup(_ digest: String) -> (record: TokenRecord?, stamp: Stamp) {
        let stamp = currentStamp()
        let now = ContinuousClock.now
        let record = state.withLock { state -> TokenRecord? in
            if state.stamp != stamp {
                state.entries.removeAll(keepingCapacity: true)
                state.stamp = stamp
                return nil
            }
            guard let entry = state.entries[digest] else { return nil }
            if entry.at.duration(to: now) > lifetime {
                state.entries[digest] = nil
                return nil
            }
            return entry.record
        }
        return (record, stamp)
    }

    /// Keeps `record`, read from the database after `stamp` was taken, unless a revocation happened since.
    func store(_ record: TokenRecord, digest: String, readAfter stamp: Stamp) {
        guard record.revokedAt == nil, currentStamp() == stamp else { return }
        state.withLock { state in
            guard state.stamp == stamp else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[digest] = (record, .now)
        }
    }

    /// Drops every entry here and, through the marker, in every other process using the same database.
    func invalidate() throws {
        let descriptor = open(markerPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError.tokenMarker(path: markerPath, detail: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var byte: UInt8 = 0x2E
        guard write(descriptor, &byte, 1) == 1 else {
            throw StoreError.tokenMarker(path: markerPath, detail: String(cString: strerror(errno)))
        }
        state.withLock { $0.entries.removeAll(keepingCapacity: true) }
    }
}
