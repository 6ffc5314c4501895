import AuroraThrift

extension ScheduleStatus {
    /// Aurora's `ACTIVE_STATES`.
    var isActive: Bool {
        switch rawValue {
        case 9, 17, 6, 0, 13, 12, 2, 1, 18, 16: return true
        default: return false
        }
    }

    /// Aurora's `TERMINAL_STATES`.
    var isTerminal: Bool {
        switch rawValue {
        case 4, 3, 5, 7: return true
        default: return false
        }
    }

    /// Aurora's `SLAVE_ASSIGNED_STATES`: active and placed on an agent.
    var isOnAgent: Bool { isActive && self != .pending && self != .throttled }
}

extension JobUpdateStatus {
    /// Aurora's `ACTIVE_JOB_UPDATE_STATES`.
    var isActive: Bool {
        switch self {
        case .rollingForward, .rollingBack, .rollForwardPaused, .rollBackPaused,
             .rollForwardAwaitingPulse, .rollBackAwaitingPulse:
            return true
        default:
            return false
        }
    }

    static let activeNames = "ROLLING_FORWARD, ROLLING_BACK, ROLL_FORWARD_PAUSED, ROLL_BACK_PAUSED, "
        + "ROLL_FORWARD_AWAITING_PULSE, ROLL_BACK_AWAITING_PULSE"
}
