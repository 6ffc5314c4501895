import Testing

/// The fault soaks each load both cores for many seconds; run together with each other on a 2-core CI machine they
/// starve one another, so they run one at a time (the rest of the suite still runs alongside).
@Suite("fault soaks, one at a time", .serialized)
enum Soaks {}
