//! The activity timeline of a connection (this server's extension).

use crate::status::StatusAction;
use crate::string_enum::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    /// What an activity entry records; a newer server's other actions are kept as `Other`.
    ActivityAction {
        Create => "create",
        Edit => "edit",
        Activate => "activate",
        Enable => "enable",
        Disable => "disable",
        Delete => "delete",
        Restore => "restore",
    }
}

impl ActivityAction {
    /// How a timeline reads the action: "Created", "Disabled"; an unknown one as sent.
    pub fn past_tense(&self) -> &str {
        match self {
            ActivityAction::Create => "Created",
            ActivityAction::Edit => "Edited",
            ActivityAction::Activate => "Activated",
            ActivityAction::Enable => "Enabled",
            ActivityAction::Disable => "Disabled",
            ActivityAction::Delete => "Deleted",
            ActivityAction::Restore => "Restored",
            ActivityAction::Other(s) => s,
        }
    }
}

impl From<StatusAction> for ActivityAction {
    fn from(a: StatusAction) -> Self {
        match a {
            StatusAction::Activate => ActivityAction::Activate,
            StatusAction::Enable => ActivityAction::Enable,
            StatusAction::Disable => ActivityAction::Disable,
            StatusAction::Restore => ActivityAction::Restore,
        }
    }
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    pub id: String,
    pub connection_id: String,
    pub time: i64,
    pub actor: String,
    pub action: ActivityAction,
    #[serde(default)]
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_action_is_logged_under_its_own_name() {
        for a in StatusAction::ALL {
            assert_eq!(ActivityAction::from(a).as_str(), a.as_str());
        }
    }

    #[test]
    fn unknown_actions_survive_a_round_trip() {
        let e: ActivityEntry =
            serde_json::from_str(r#"{"id":"1","connectionId":"c","time":5,"actor":"API client x","action":"archive","detail":""}"#)
                .unwrap();
        assert_eq!(e.action, ActivityAction::Other("archive".into()));
        assert_eq!(e.action.past_tense(), "archive");
        assert!(serde_json::to_string(&e).unwrap().contains(r#""action":"archive""#));
        assert_eq!(ActivityAction::parse("Delete"), ActivityAction::Delete);
    }
}
