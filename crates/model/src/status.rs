//! Connection statuses and the one function that says which status actions are allowed.

use crate::string_enum::string_enum;

string_enum! {
    /// A connection's status, as documented: `In-progress`, `active`, `disabled`, `deleted`,
    /// `broken`, `offline`.
    ConnectionStatus {
        InProgress => "In-progress",
        Active => "active",
        Disabled => "disabled",
        Deleted => "deleted",
        Broken => "broken",
        Offline => "offline",
    }
}

/// A deleted connection can be restored for this long, then it is purged.
pub const RESTORE_WINDOW_SECS: i64 = 30 * 24 * 60 * 60;

/// `PUT /es/v2/connections/<id>/status/<action>`; `restore` is this server's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusAction {
    Activate,
    Enable,
    Disable,
    Restore,
}

impl StatusAction {
    pub const ALL: [StatusAction; 4] = [StatusAction::Activate, StatusAction::Enable, StatusAction::Disable, StatusAction::Restore];

    pub fn as_str(self) -> &'static str {
        match self {
            StatusAction::Activate => "activate",
            StatusAction::Enable => "enable",
            StatusAction::Disable => "disable",
            StatusAction::Restore => "restore",
        }
    }

    /// The button text a person reads.
    pub fn label(self) -> &'static str {
        match self {
            StatusAction::Activate => "Activate",
            StatusAction::Enable => "Enable",
            StatusAction::Disable => "Disable",
            StatusAction::Restore => "Restore",
        }
    }

    pub fn parse(s: &str) -> Option<StatusAction> {
        StatusAction::ALL.into_iter().find(|a| a.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// The statuses this action may start from.
    fn starts_from(self) -> &'static [ConnectionStatus] {
        match self {
            StatusAction::Activate => &[ConnectionStatus::InProgress],
            StatusAction::Enable => &[ConnectionStatus::Disabled],
            StatusAction::Disable => &[ConnectionStatus::Active, ConnectionStatus::Broken, ConnectionStatus::Offline],
            StatusAction::Restore => &[ConnectionStatus::Deleted],
        }
    }

    fn target(self) -> ConnectionStatus {
        match self {
            StatusAction::Activate | StatusAction::Enable => ConnectionStatus::Active,
            StatusAction::Disable | StatusAction::Restore => ConnectionStatus::Disabled,
        }
    }
}

impl std::fmt::Display for StatusAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a status action was refused; its `Display` is the message a person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionError {
    pub action: StatusAction,
    pub from: ConnectionStatus,
}

impl std::fmt::Display for TransitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let allowed: Vec<&str> = self.action.starts_from().iter().map(|s| s.as_str()).collect();
        write!(
            f,
            "Cannot {} a connection that is {}: only {} connections can be {}d",
            self.action,
            self.from,
            allowed.join(", "),
            self.action
        )
    }
}

impl std::error::Error for TransitionError {}

impl ConnectionStatus {
    /// The status after `action`, or why it is not allowed from here.
    pub fn apply(&self, action: StatusAction) -> Result<ConnectionStatus, TransitionError> {
        if action.starts_from().contains(self) {
            Ok(action.target())
        } else {
            Err(TransitionError { action, from: self.clone() })
        }
    }

    /// The status actions valid from this status, in the order a menu shows them.
    pub fn allowed_actions(&self) -> Vec<StatusAction> {
        StatusAction::ALL.into_iter().filter(|a| self.apply(*a).is_ok()).collect()
    }

    /// Any connection that is not already deleted can be deleted.
    pub fn can_delete(&self) -> bool {
        *self != ConnectionStatus::Deleted
    }

    /// The documented `enabled` flag: the pipe is switched on.
    pub fn is_enabled(&self) -> bool {
        matches!(self, ConnectionStatus::Active | ConnectionStatus::Broken | ConnectionStatus::Offline)
    }
}

/// Whole days left to restore a connection deleted at `deleted_time`, or `None` once purgeable.
pub fn restore_days_left(deleted_time: i64, now: i64) -> Option<i64> {
    let left = deleted_time + RESTORE_WINDOW_SECS - now;
    (left > 0).then(|| (left + 86_399) / 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionStatus::*;

    #[test]
    fn activate_only_from_in_progress() {
        assert_eq!(InProgress.apply(StatusAction::Activate), Ok(Active));
        for s in [Active, Disabled, Broken, Offline, Deleted] {
            assert!(s.apply(StatusAction::Activate).is_err(), "{s} must not activate");
        }
    }

    #[test]
    fn disable_then_enable_returns_connection_to_active() {
        for s in [Active, Broken, Offline] {
            let disabled = s.apply(StatusAction::Disable).unwrap();
            assert_eq!(disabled, Disabled);
            assert_eq!(disabled.apply(StatusAction::Enable), Ok(Active));
        }
        assert!(InProgress.apply(StatusAction::Disable).is_err());
        assert!(Active.apply(StatusAction::Enable).is_err());
    }

    #[test]
    fn restore_brings_a_deleted_connection_back_disabled() {
        assert_eq!(Deleted.apply(StatusAction::Restore), Ok(Disabled));
        assert!(Active.apply(StatusAction::Restore).is_err());
        assert!(!Deleted.can_delete());
        assert!(Broken.can_delete());
    }

    #[test]
    fn refusal_says_why() {
        let e = Disabled.apply(StatusAction::Activate).unwrap_err();
        assert_eq!(e.to_string(), "Cannot activate a connection that is disabled: only In-progress connections can be activated");
        let e = InProgress.apply(StatusAction::Disable).unwrap_err();
        assert!(e.to_string().contains("only active, broken, offline connections can be disabled"));
    }

    #[test]
    fn allowed_actions_per_status() {
        assert_eq!(InProgress.allowed_actions(), vec![StatusAction::Activate]);
        assert_eq!(Active.allowed_actions(), vec![StatusAction::Disable]);
        assert_eq!(Disabled.allowed_actions(), vec![StatusAction::Enable]);
        assert_eq!(Deleted.allowed_actions(), vec![StatusAction::Restore]);
        assert!(Other("weird".into()).allowed_actions().is_empty());
    }

    #[test]
    fn status_strings_match_the_docs() {
        assert_eq!(serde_json::to_value(InProgress).unwrap(), "In-progress");
        assert_eq!(ConnectionStatus::parse("in-progress"), InProgress);
        assert_eq!(ConnectionStatus::parse("ACTIVE"), Active);
        assert_eq!(StatusAction::parse("Restore"), Some(StatusAction::Restore));
        assert_eq!(StatusAction::parse("explode"), None);
    }

    #[test]
    fn restore_window_counts_whole_days() {
        assert_eq!(restore_days_left(0, 0), Some(30));
        assert_eq!(restore_days_left(0, 29 * 86_400 + 1), Some(1));
        assert_eq!(restore_days_left(0, RESTORE_WINDOW_SECS), None);
    }
}
