//! The query parameters of the list endpoints, each name written once: the server reads a
//! request with `from_query`, the console writes one with `to_query`, and both agree on the
//! defaults, the bounds and what a blank value means.

use crate::{AuthType, ConnectionStatus, DataTypeCategory, PlatformType, SupportedType};

/// `size` when none is given.
pub const DEFAULT_PAGE_SIZE: u32 = 10;
/// The largest `size` a list answers.
pub const MAX_PAGE_SIZE: u32 = 100;

/// A parameter the server refuses, with the sentence that says why (`size must be ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    pub param: &'static str,
    pub message: String,
}

/// A request's parameters as the server holds them.
pub trait QuerySource {
    /// A parameter's raw value, if given.
    fn raw(&self, name: &str) -> Option<&str>;

    /// `None` when absent or blank, else the trimmed value.
    fn param(&self, name: &str) -> Option<&str> {
        self.raw(name).map(str::trim).filter(|v| !v.is_empty())
    }
}

impl QuerySource for std::collections::HashMap<String, String> {
    fn raw(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

/// `q`, `size`, `offset`: what every list endpoint takes. `None` leaves a parameter out (the
/// default applies: no search, 10 items, from the first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListParams {
    pub q: Option<String>,
    pub size: Option<u32>,
    pub offset: Option<u64>,
}

impl ListParams {
    pub fn from_query(src: &impl QuerySource) -> Result<ListParams, ParamError> {
        let size = whole(src, "size", 1, MAX_PAGE_SIZE as u64)?.map(|n| n as u32);
        let offset = whole(src, "offset", 0, i64::MAX as u64)?;
        Ok(ListParams { q: src.param("q").map(str::to_string), size, offset })
    }

    /// Appends the set parameters, in this order: `q` (trimmed; a blank one is no search), `size`, `offset`.
    pub fn to_query(&self, out: &mut Vec<(&'static str, String)>) {
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            out.push(("q", q.to_string()));
        }
        if let Some(size) = self.size {
            out.push(("size", size.to_string()));
        }
        if let Some(offset) = self.offset {
            out.push(("offset", offset.to_string()));
        }
    }

    /// Whether paging was asked for at all (some lists answer everything without it).
    pub fn paged(&self) -> bool {
        self.size.is_some() || self.offset.is_some()
    }
}

/// `GET /es/v2/connections`: the list parameters and `status`. `None` (sent as nothing, read
/// from nothing, blank or `all`) lists every connection not deleted; `Some(Deleted)` the
/// recently deleted ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConnectionListParams {
    pub list: ListParams,
    pub status: Option<ConnectionStatus>,
}

impl ConnectionListParams {
    pub fn from_query(src: &impl QuerySource) -> Result<ConnectionListParams, ParamError> {
        let list = ListParams::from_query(src)?;
        let status = match src.param("status") {
            None => None,
            Some(s) if s.eq_ignore_ascii_case("all") => None,
            Some(s) => {
                let st = ConnectionStatus::parse(s);
                if !st.is_known() {
                    let allowed: Vec<&str> = ConnectionStatus::ALL.iter().map(|s| s.as_str()).collect();
                    return Err(ParamError {
                        param: "status",
                        message: format!("status must be all, {} (got \"{s}\")", allowed.join(", ")),
                    });
                }
                Some(st)
            }
        };
        Ok(ConnectionListParams { list, status })
    }

    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        self.list.to_query(&mut out);
        if let Some(s) = &self.status {
            out.push(("status", s.as_str().to_string()));
        }
        out
    }
}

/// The catalog's and a sub-account's connector lists: the list parameters and this server's
/// exact filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatalogParams {
    pub list: ListParams,
    pub data_type_category: Option<DataTypeCategory>,
    pub platform_type: Option<PlatformType>,
    pub supported_type: Option<SupportedType>,
}

impl CatalogParams {
    pub fn from_query(src: &impl QuerySource) -> Result<CatalogParams, ParamError> {
        Ok(CatalogParams {
            list: ListParams::from_query(src)?,
            data_type_category: one_of(src, "dataTypeCategory", DataTypeCategory::parse, DataTypeCategory::ALL)?,
            platform_type: one_of(src, "platformType", PlatformType::parse, PlatformType::ALL)?,
            supported_type: one_of(src, "supportedType", SupportedType::parse, SupportedType::ALL)?,
        })
    }

    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        self.list.to_query(&mut out);
        if let Some(v) = &self.data_type_category {
            out.push(("dataTypeCategory", v.as_str().to_string()));
        }
        if let Some(v) = &self.platform_type {
            out.push(("platformType", v.as_str().to_string()));
        }
        if let Some(v) = &self.supported_type {
            out.push(("supportedType", v.as_str().to_string()));
        }
        out
    }
}

/// The catalog's `authType` filter (an extension beside [`CatalogParams`]): one of `oauth2`,
/// `apiKey`, `basic`, `custom`, `none`, any case; anything else names the parameter.
pub fn auth_type_filter(src: &impl QuerySource) -> Result<Option<AuthType>, ParamError> {
    one_of(src, "authType", AuthType::parse, AuthType::ALL)
}

fn whole(src: &impl QuerySource, param: &'static str, min: u64, max: u64) -> Result<Option<u64>, ParamError> {
    let Some(raw) = src.param(param) else { return Ok(None) };
    match raw.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => {
            let bound = if max == i64::MAX as u64 { format!("at least {min}") } else { format!("between {min} and {max}") };
            Err(ParamError { param, message: format!("{param} must be a whole number {bound} (got \"{raw}\")") })
        }
    }
}

fn one_of<E: std::fmt::Display>(
    src: &impl QuerySource,
    param: &'static str,
    parse: fn(&str) -> E,
    all: &[E],
) -> Result<Option<E>, ParamError> {
    let Some(raw) = src.param(param) else { return Ok(None) };
    let v = parse(raw);
    if !all.iter().any(|a| a.to_string() == v.to_string()) {
        let allowed: Vec<String> = all.iter().map(|a| format!("\"{a}\"")).collect();
        return Err(ParamError { param, message: format!("{param} must be one of {} (got \"{raw}\")", allowed.join(", ")) });
    }
    Ok(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read<T>(pairs: &[(&str, &str)], f: impl Fn(&HashMap<String, String>) -> T) -> T {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        f(&map)
    }

    #[test]
    fn what_the_console_writes_the_server_reads_back() {
        let sent = ConnectionListParams {
            list: ListParams { q: Some("  amazon ".into()), size: Some(25), offset: Some(50) },
            status: Some(ConnectionStatus::InProgress),
        };
        let pairs = sent.to_query();
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(borrowed, [("q", "amazon"), ("size", "25"), ("offset", "50"), ("status", "In-progress")]);
        let back = read(&borrowed, ConnectionListParams::from_query).unwrap();
        assert_eq!(back, ConnectionListParams { list: ListParams { q: Some("amazon".into()), ..sent.list.clone() }, ..sent });

        let sent = CatalogParams {
            list: ListParams::default(),
            data_type_category: Some(DataTypeCategory::AudienceActivation),
            platform_type: Some(PlatformType::Dsp),
            supported_type: Some(SupportedType::Destination),
        };
        let pairs = sent.to_query();
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(read(&borrowed, CatalogParams::from_query).unwrap(), sent);
    }

    #[test]
    fn auth_type_filter_takes_documented_values_in_any_case() {
        assert_eq!(read(&[("authType", "OAUTH2")], auth_type_filter).unwrap(), Some(AuthType::OAuth2));
        assert_eq!(read(&[], auth_type_filter).unwrap(), None);
        assert_eq!(read(&[("authType", "password")], auth_type_filter).unwrap_err().param, "authType");
    }

    #[test]
    fn blank_and_all_mean_not_given() {
        let p = read(&[("q", " "), ("size", ""), ("offset", ""), ("status", "ALL")], ConnectionListParams::from_query).unwrap();
        assert_eq!(p, ConnectionListParams::default());
        assert!(!p.list.paged());
        assert!(ConnectionListParams::default().to_query().is_empty());
    }

    #[test]
    fn bad_values_name_their_parameter() {
        let err = |pairs: &[(&str, &str)]| read(pairs, CatalogParams::from_query).unwrap_err();
        assert_eq!(err(&[("size", "0")]).message, "size must be a whole number between 1 and 100 (got \"0\")");
        assert_eq!(err(&[("size", "101")]).param, "size");
        assert_eq!(err(&[("size", "ten")]).param, "size");
        assert_eq!(err(&[("offset", "-1")]).message, "offset must be a whole number at least 0 (got \"-1\")");
        assert_eq!(err(&[("platformType", "TV")]).param, "platformType");
        let e = read(&[("status", "paused")], ConnectionListParams::from_query).unwrap_err();
        assert_eq!(e.message, "status must be all, In-progress, active, disabled, deleted, broken, offline (got \"paused\")");
    }
}
