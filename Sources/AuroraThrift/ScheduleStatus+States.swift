extension ScheduleStatus {
    /// Whether the status is in `ACTIVE_STATES`.
    public var isActive: Bool {
        AuroraConstants.activeStates.contains(self)
    }

    /// Whether the status is in `TERMINAL_STATES`.
    public var isTerminal: Bool {
        AuroraConstants.terminalStates.contains(self)
    }
}
