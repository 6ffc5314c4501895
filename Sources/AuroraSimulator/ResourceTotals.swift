import AuroraThrift

/// Summed cpu/ram/disk/gpu of a set of tasks, convertible to and from `ResourceAggregate`.
struct ResourceTotals: Equatable, Sendable {
    var cpus: Double = 0
    var ramMb: Int64 = 0
    var diskMb: Int64 = 0
    var gpus: Int64 = 0

    init() {}

    init(_ resources: [Resource]?) {
        for resource in resources ?? [] {
            switch resource {
            case .numCpus(let value): cpus += value
            case .ramMb(let value): ramMb += value
            case .diskMb(let value): diskMb += value
            case .numGpus(let value): gpus += value
            case .namedPort: break
            }
        }
    }

    static func + (lhs: ResourceTotals, rhs: ResourceTotals) -> ResourceTotals {
        var sum = lhs
        sum.cpus += rhs.cpus
        sum.ramMb += rhs.ramMb
        sum.diskMb += rhs.diskMb
        sum.gpus += rhs.gpus
        return sum
    }

    static func * (lhs: ResourceTotals, count: Int) -> ResourceTotals {
        var product = lhs
        product.cpus *= Double(count)
        product.ramMb *= Int64(count)
        product.diskMb *= Int64(count)
        product.gpus *= Int64(count)
        return product
    }

    /// The aggregate Aurora reports: cpu, ram and disk always, gpus only when used.
    var aggregate: ResourceAggregate {
        var resources: [Resource] = [.numCpus(cpus), .ramMb(ramMb), .diskMb(diskMb)]
        if gpus > 0 { resources.append(.numGpus(gpus)) }
        return ResourceAggregate(resources: resources)
    }

    /// What `other` lacks to hold `self`, as Aurora's quota check words it; nil when it fits.
    func shortfall(against quota: ResourceTotals) -> String? {
        var problems: [String] = []
        if cpus > quota.cpus { problems.append("CPU quota exceeded by \(cpus - quota.cpus) core(s)") }
        if ramMb > quota.ramMb { problems.append("RAM quota exceeded by \(ramMb - quota.ramMb) MB") }
        if diskMb > quota.diskMb { problems.append("DISK quota exceeded by \(diskMb - quota.diskMb) MB") }
        if gpus > quota.gpus { problems.append("GPU quota exceeded by \(gpus - quota.gpus) gpu(s)") }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}
