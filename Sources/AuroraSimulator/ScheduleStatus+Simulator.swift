import AuroraThrift

extension ScheduleStatus {
    /// Aurora's `SLAVE_ASSIGNED_STATES`: active and placed on an agent.
    var isOnAgent: Bool { AuroraConstants.slaveAssignedStates.contains(self) }
}

extension JobUpdateStatus {
    /// Aurora's `ACTIVE_JOB_UPDATE_STATES`.
    var isActive: Bool { AuroraConstants.activeJobUpdateStates.contains(self) }

    /// The active states as Aurora lists them in its "update already in progress" message.
    static let activeNames = "ROLLING_FORWARD, ROLLING_BACK, ROLL_FORWARD_PAUSED, ROLL_BACK_PAUSED, "
        + "ROLL_FORWARD_AWAITING_PULSE, ROLL_BACK_AWAITING_PULSE"
}
