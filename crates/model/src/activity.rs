//! The activity timeline of a connection (this server's extension).

use serde::{Deserialize, Serialize};

/// One recorded change: `action` is create, edit, activate, enable, disable, delete or restore.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    pub id: String,
    pub connection_id: String,
    pub time: i64,
    pub actor: String,
    pub action: String,
    #[serde(default)]
    pub detail: String,
}
