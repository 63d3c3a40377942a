//! The MadConnect es/v2 wire contract, plus the pure rules the console and the server both run.
//!
//! Everything here compiles for `wasm32-unknown-unknown` and native alike and has no web, async or
//! database dependency, so the browser validates a form with the very code the server uses.

pub mod account;
pub mod activity;
pub mod auth;
pub mod config;
pub mod connection;
pub mod connector;
pub mod envelope;
pub mod oauth;
pub mod origin;
pub mod query;
pub mod status;
mod string_enum;
pub mod time;
pub mod transfer;
pub mod validate;

pub use account::{Account, AccountEnv, AccountSummary};
pub use activity::{ActivityAction, ActivityEntry};
pub use auth::{ClientToken, ClientTokenRequest};
pub use config::{ConfigField, ConfigValues, ConnectorConfiguration, FieldOption, FieldType, SecretConfig};
pub use connection::{Connection, ConnectionUpdate, ConnectorRef, NewConnection};
pub use connector::{
    logo_initials, AccountConnector, AddConnectors, AddConnectorsResult, CatalogConnector, ConfigureConnector, ConfigureResult,
    DataTypeCategory, PlatformType, SupportedType,
};
pub use envelope::{Envelope, FieldErrors, ValidationErrors};
pub use oauth::{
    validate_metadata, validate_return_to, AuthRequest, AuthType, AuthorizationCodeRequest, AuthorizationOutcome, AuthorizationStarted,
    AuthorizationStatus, AuthorizeRequest, CatalogItem, ConnectorAuth, CustomAuthorizeRequest, CustomConnector, CustomConnectorState,
    CustomConnectorUpdate, DisconnectRequest, Metadata, NewCustomConnector, OAuthScope, ReleaseStatus,
};
pub use origin::{normalize_public_path, parse_origin};
pub use query::{auth_type_filter, CatalogParams, ConnectionListParams, ListParams, ParamError, QuerySource};
pub use status::{ConnectionStatus, StatusAction, TransitionError, RESTORE_WINDOW_SECS};
pub use transfer::{
    AdminReportRow, Batch, BatchStage, BatchStatus, BatchTrigger, ConnectionReportRow, DailyVolume, ReportParams, RunTimeConfiguration,
    TransferRequest, TransferStarted,
};
pub use validate::FieldProblem;
