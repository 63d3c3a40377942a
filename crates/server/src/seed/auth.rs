//! How each seeded connector authenticates: OAuth 2.0 with the platform's real scope names for
//! the big ad and CRM platforms, API keys or basic credentials elsewhere, and a release stage.

use super::catalog::{CatalogEntry, Secret};
use madconnect_model::{AuthType, ConnectorAuth, OAuthScope, ReleaseStatus};

/// (scope id, label, asked for by default)
type ScopeSpec = (&'static str, &'static str, bool);

fn oauth(scopes: &[ScopeSpec]) -> (AuthType, Vec<OAuthScope>) {
    let scopes = scopes.iter().map(|(id, label, default)| OAuthScope { id: (*id).into(), label: (*label).into(), default: *default });
    (AuthType::OAuth2, scopes.collect())
}

/// The OAuth scopes of a platform that authorizes with the code grant; `None` otherwise.
fn platform_scopes(platform: &str) -> Option<&'static [ScopeSpec]> {
    Some(match platform {
        "Meta" => &[
            ("ads_management", "Manage ad accounts, audiences and campaigns", true),
            ("ads_read", "Read ad account insights", true),
            ("business_management", "Read and manage Business Manager assets", false),
        ],
        "LinkedIn" => &[
            ("r_ads", "Read ad accounts", true),
            ("rw_ads", "Manage campaigns and conversions", true),
            ("rw_dmp_segments", "Manage Matched Audiences segments", true),
            ("r_ads_reporting", "Read ad analytics", false),
        ],
        "TikTok" => &[
            ("audience.management", "Manage custom audiences", true),
            ("ad.reporting", "Read ad reports", true),
            ("event.management", "Send web and offline events", false),
        ],
        "Snap" => &[("snapchat-marketing-api", "Manage Snap ad accounts and Audience Match segments", true)],
        "Pinterest" => &[
            ("ads:read", "Read ad accounts and audiences", true),
            ("ads:write", "Create and update audiences and campaigns", true),
            ("user_accounts:read", "Read the connected user's account", false),
        ],
        "Reddit" => &[
            ("adsread", "Read ad accounts and reports", true),
            ("adsedit", "Manage campaigns and audiences", true),
            ("adsconversions", "Send conversion events", false),
        ],
        "Google Ads" => &[("https://www.googleapis.com/auth/adwords", "Manage your Google Ads accounts", true)],
        "DV360" => &[
            ("https://www.googleapis.com/auth/display-video", "Manage Display & Video 360 partners and advertisers", true),
            ("https://www.googleapis.com/auth/doubleclickbidmanager", "Read Bid Manager reports", false),
        ],
        "Campaign Manager 360" => &[
            ("https://www.googleapis.com/auth/dfatrafficking", "Manage Campaign Manager 360 trafficking", true),
            ("https://www.googleapis.com/auth/dfareporting", "Read Campaign Manager 360 reports", true),
            ("https://www.googleapis.com/auth/ddmconversions", "Upload offline conversions", false),
        ],
        "Amazon Ads" => &[
            ("advertising::campaign_management", "Manage Amazon Ads campaigns and audiences", true),
            ("profile", "Read the advertiser's profile", false),
        ],
        "Microsoft Advertising" => &[
            ("https://ads.microsoft.com/msads.manage", "Manage Microsoft Advertising accounts", true),
            ("offline_access", "Stay connected (refresh tokens)", true),
        ],
        "Salesforce" => &[
            ("api", "Access Salesforce data through the API", true),
            ("refresh_token", "Stay connected (refresh tokens)", true),
            ("cdp_ingest_api", "Send data to Data Cloud", false),
        ],
        "HubSpot" => &[
            ("crm.objects.contacts.read", "Read contacts", true),
            ("crm.lists.read", "Read lists", true),
            ("crm.lists.write", "Create and update lists", false),
            ("crm.objects.companies.read", "Read companies", false),
        ],
        "Microsoft Dynamics" => &[
            ("user_impersonation", "Access Dynamics 365 as the signed-in user", true),
            ("offline_access", "Stay connected (refresh tokens)", true),
        ],
        "Zoho" => {
            &[("ZohoCRM.modules.ALL", "Read and write CRM records", true), ("ZohoCRM.settings.READ", "Read CRM settings and fields", false)]
        }
        "Oracle" => &[("full", "Full access to Eloqua", true)],
        "Shopify" => {
            &[("read_customers", "Read customers", true), ("read_orders", "Read orders", true), ("read_products", "Read products", false)]
        }
        _ => return None,
    })
}

/// Connectors still in beta or early access (the rest are live).
fn release_status(slug: &str) -> ReleaseStatus {
    match slug {
        "reddit-ads" | "tiktok-events-api" | "uid2" | "snowflake-data-share" => ReleaseStatus::Beta,
        "amazon-dsp" | "databricks" | "x-ads-tailored-audiences" => ReleaseStatus::EarlyAccess,
        _ => ReleaseStatus::Live,
    }
}

/// How a seeded connector authenticates.
pub fn connector_auth(e: &CatalogEntry) -> ConnectorAuth {
    let oauth_platform = matches!(e.secret, Secret::AdPlatform | Secret::Crm | Secret::Store);
    let (auth_type, oauth_scopes) = match platform_scopes(&e.platform) {
        Some(scopes) if oauth_platform => oauth(scopes),
        _ => match e.secret {
            // X's Ads API and Adobe Commerce integrations sign requests with OAuth 1.0a.
            _ if e.slug == "x-ads-tailored-audiences" || e.slug == "magento" => (AuthType::Custom, vec![]),
            Secret::Store if e.platform == "BigCommerce" => (AuthType::ApiKey, vec![]),
            Secret::Sftp | Secret::Warehouse | Secret::Store => (AuthType::Basic, vec![]),
            Secret::Seat if e.platform == "Xandr" => (AuthType::Basic, vec![]),
            _ => (AuthType::ApiKey, vec![]),
        },
    };
    ConnectorAuth { auth_type, oauth_scopes, release_status: release_status(&e.slug) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::catalog::entries;

    #[test]
    fn big_ad_and_crm_platforms_use_oauth_with_default_scopes() {
        let all = entries();
        let auth = |slug: &str| connector_auth(all.iter().find(|e| e.slug == slug).unwrap());
        for slug in [
            "meta-custom-audiences",
            "google-ads-customer-match",
            "salesforce-crm",
            "linkedin-matched-audiences",
            "tiktok-custom-audiences",
            "hubspot",
        ] {
            let a = auth(slug);
            assert_eq!(a.auth_type, AuthType::OAuth2, "{slug}");
            assert!(!a.default_scopes().is_empty(), "{slug}");
        }
        assert_eq!(auth("amazon-s3").auth_type, AuthType::ApiKey);
        assert_eq!(auth("acxiom").auth_type, AuthType::Basic);
        assert_eq!(auth("snowflake").auth_type, AuthType::Basic);
        assert_eq!(auth("x-ads-tailored-audiences").auth_type, AuthType::Custom);
        assert!(all.iter().any(|e| connector_auth(e).release_status == ReleaseStatus::Beta));
        assert!(all.iter().any(|e| connector_auth(e).release_status == ReleaseStatus::EarlyAccess));
        assert!(all.iter().all(|e| connector_auth(e).auth_type != AuthType::OAuth2 || !connector_auth(e).oauth_scopes.is_empty()));
    }
}
