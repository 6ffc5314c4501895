import AuroraThrift

/// Conversions between instance ids and Aurora's closed `Range`s (`Numbers.toRanges`).
enum InstanceRanges {
    /// Collapses ids into the fewest closed ranges, ascending.
    static func ranges(_ ids: some Sequence<Int32>) -> [AuroraThrift.Range] {
        var result: [AuroraThrift.Range] = []
        for id in Set(ids).sorted() {
            if let end = result.last?.last, end + 1 == id {
                result[result.count - 1].last = id
            } else {
                result.append(AuroraThrift.Range(first: id, last: id))
            }
        }
        return result
    }

    /// Expands ranges into ids; nil or empty ranges mean "no restriction" and give nil.
    static func ids(_ ranges: [AuroraThrift.Range]?) -> Set<Int32>? {
        guard let ranges, !ranges.isEmpty else { return nil }
        var ids = Set<Int32>()
        for range in ranges {
            guard let first = range.first, let last = range.last, first <= last else { continue }
            ids.formUnion(first...last)
        }
        return ids
    }
}
