//! The seeded connector catalog: real advertising and data platforms, their setup fields, and
//! which sources may feed which destinations.

use madconnect_model::{ConfigField, DataTypeCategory as Cat, FieldOption, FieldType as T, PlatformType as P, SupportedType};

/// One catalog entry as seeded.
#[derive(Debug, Clone)]
pub struct CatalogEntry {
    pub slug: String,
    pub name: String,
    pub platform: String,
    pub color: String,
    pub platform_type: P,
    pub category: Cat,
    pub data_type: String,
    pub supported: SupportedType,
    pub secret: Secret,
    pub conn: Conn,
    pub transfer: bool,
    pub description: String,
    pub doc_url: String,
    pub overview_url: String,
}

/// How a connector authenticates (its `secretConfig` fields).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Secret {
    AdPlatform,
    ApiKey,
    Aws,
    Gcp,
    Azure,
    Warehouse,
    Crm,
    Store,
    Sftp,
    Seat,
}

/// What a connection using the connector needs (its `connectionConfig` fields).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Conn {
    AudienceDest,
    SegmentDest,
    EventsDest,
    StorageDest,
    CampaignDest,
    CrmDest,
    IdentityDest,
    StorageSource,
    WarehouseSource,
    CrmSource,
    CdpSource,
    EventsSource,
    ReportingSource,
    EcommerceSource,
    DataProviderSource,
    IdentitySource,
    GeoSource,
}

use Secret as S;
use SupportedType::{Destination as Dst, Source as Src};

#[allow(clippy::too_many_arguments)]
fn e(
    slug: &str,
    name: &str,
    platform: &str,
    color: &str,
    platform_type: P,
    category: Cat,
    data_type: &str,
    supported: SupportedType,
    secret: Secret,
    conn: Conn,
    transfer: bool,
    description: &str,
    doc_url: &str,
    overview_url: &str,
) -> CatalogEntry {
    CatalogEntry {
        slug: slug.into(),
        name: name.into(),
        platform: platform.into(),
        color: color.into(),
        platform_type,
        category,
        data_type: data_type.into(),
        supported,
        secret,
        conn,
        transfer,
        description: description.into(),
        doc_url: doc_url.into(),
        overview_url: overview_url.into(),
    }
}

/// The real-platform catalog (every documented platformType, dataTypeCategory and supportedType).
pub fn entries() -> Vec<CatalogEntry> {
    use Cat::*;
    use Conn::*;
    use P::*;
    vec![
        // --- Social media destinations
        e(
            "meta-custom-audiences",
            "Meta Custom Audiences",
            "Meta",
            "#0866FF",
            SocialMedia,
            AudienceActivation,
            "Custom Audiences",
            Dst,
            S::AdPlatform,
            AudienceDest,
            false,
            "Send hashed customer lists to Meta as Custom Audiences for targeting and lookalikes on Facebook and Instagram.",
            "https://developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences",
            "https://www.facebook.com/business/help/744354708981227",
        ),
        e(
            "meta-conversions-api",
            "Meta Conversions API",
            "Meta",
            "#0866FF",
            SocialMedia,
            Events,
            "raw real-time conversion events",
            Dst,
            S::AdPlatform,
            EventsDest,
            false,
            "Stream purchases, leads and sign-ups to Meta server-side so campaigns optimise on real outcomes.",
            "https://developers.facebook.com/docs/marketing-api/conversions-api",
            "https://www.facebook.com/business/help/2041148702652965",
        ),
        e(
            "meta-ads-insights",
            "Meta Ads Insights",
            "Meta",
            "#0866FF",
            SocialMedia,
            Reporting,
            "ads analytics",
            Src,
            S::AdPlatform,
            ReportingSource,
            true,
            "Pull campaign, ad set and ad performance from Meta Ads Manager into your warehouse.",
            "https://developers.facebook.com/docs/marketing-api/insights",
            "https://www.facebook.com/business/ads",
        ),
        e(
            "linkedin-matched-audiences",
            "LinkedIn Matched Audiences",
            "LinkedIn",
            "#0A66C2",
            SocialMedia,
            AudienceActivation,
            "audiences",
            Dst,
            S::AdPlatform,
            AudienceDest,
            false,
            "Target your accounts and contacts on LinkedIn with company and contact list uploads.",
            "https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/matched-audiences",
            "https://business.linkedin.com/marketing-solutions/ad-targeting/matched-audiences",
        ),
        e(
            "linkedin-conversions-api",
            "LinkedIn Conversions API",
            "LinkedIn",
            "#0A66C2",
            SocialMedia,
            Events,
            "Conversions",
            Dst,
            S::AdPlatform,
            EventsDest,
            false,
            "Send offline and online conversions to LinkedIn to measure and optimise B2B campaigns.",
            "https://learn.microsoft.com/en-us/linkedin/marketing/conversions/conversions-overview",
            "https://business.linkedin.com/marketing-solutions/conversion-tracking",
        ),
        e(
            "linkedin-ads-reporting",
            "LinkedIn Ads Reporting",
            "LinkedIn",
            "#0A66C2",
            SocialMedia,
            Reporting,
            "Insights",
            Src,
            S::AdPlatform,
            ReportingSource,
            true,
            "Export LinkedIn campaign analytics and demographic insights on a schedule.",
            "https://learn.microsoft.com/en-us/linkedin/marketing/integrations/ads-reporting/ads-reporting",
            "https://business.linkedin.com/marketing-solutions/reporting",
        ),
        e(
            "tiktok-custom-audiences",
            "TikTok Custom Audiences",
            "TikTok",
            "#111111",
            SocialMedia,
            AudienceActivation,
            "custom file audiences",
            Dst,
            S::AdPlatform,
            AudienceDest,
            false,
            "Upload customer files to TikTok Ads Manager as Custom Audiences.",
            "https://business-api.tiktok.com/portal/docs?id=1739940504151042",
            "https://ads.tiktok.com/help/article/custom-audiences",
        ),
        e(
            "tiktok-events-api",
            "TikTok Events API",
            "TikTok",
            "#111111",
            SocialMedia,
            Events,
            "events",
            Dst,
            S::AdPlatform,
            EventsDest,
            false,
            "Share web and offline events with TikTok for attribution and delivery optimisation.",
            "https://business-api.tiktok.com/portal/docs?id=1741601162187777",
            "https://ads.tiktok.com/help/article/events-api",
        ),
        e(
            "tiktok-ads-reporting",
            "TikTok Ads Reporting",
            "TikTok",
            "#111111",
            SocialMedia,
            Reporting,
            "ads analytics",
            Src,
            S::AdPlatform,
            ReportingSource,
            true,
            "Pull TikTok campaign and creative performance into reporting tables.",
            "https://business-api.tiktok.com/portal/docs?id=1738864915188737",
            "https://ads.tiktok.com/help/article/reporting",
        ),
        e(
            "snapchat-audience-match",
            "Snapchat Audience Match",
            "Snap",
            "#FFFC00",
            SocialMedia,
            AudienceActivation,
            "Custom Audiences",
            Dst,
            S::AdPlatform,
            AudienceDest,
            false,
            "Reach your customers on Snapchat with Snap Audience Match segments.",
            "https://developers.snap.com/api/marketing-api/Ads-API/audience-segments",
            "https://businesshelp.snapchat.com/s/article/audience-match",
        ),
        e(
            "pinterest-audiences",
            "Pinterest Audiences",
            "Pinterest",
            "#E60023",
            SocialMedia,
            AudienceActivation,
            "audiences",
            Dst,
            S::AdPlatform,
            AudienceDest,
            false,
            "Create Pinterest customer list audiences for retargeting and act-alike targeting.",
            "https://developers.pinterest.com/docs/api/v5/audiences-create/",
            "https://help.pinterest.com/en/business/article/audience-targeting",
        ),
        e(
            "reddit-ads",
            "Reddit Ads",
            "Reddit",
            "#FF4500",
            SocialMedia,
            CampaignManagement,
            "ads management",
            Dst,
            S::AdPlatform,
            CampaignDest,
            false,
            "Create and update Reddit ad campaigns from your planning tools.",
            "https://ads-api.reddit.com/docs/",
            "https://business.reddithelp.com/",
        ),
        e(
            "x-ads-tailored-audiences",
            "X Ads Custom Audiences",
            "X",
            "#14171A",
            SocialMedia,
            AudienceActivation,
            "Custom Audiences",
            Dst,
            S::AdPlatform,
            AudienceDest,
            false,
            "Upload customer lists to X Ads for targeting and exclusion.",
            "https://developer.x.com/en/docs/x-ads-api/audiences/overview",
            "https://business.x.com/en/help/campaign-setup/campaign-targeting/custom-audiences.html",
        ),
        // --- DSPs and search
        e(
            "google-ads-customer-match",
            "Google Ads Customer Match",
            "Google Ads",
            "#4285F4",
            Dsp,
            AudienceActivation,
            "customer match",
            Dst,
            S::AdPlatform,
            AudienceDest,
            false,
            "Use first-party data to reach customers across Search, Shopping, Gmail, YouTube and Display.",
            "https://developers.google.com/google-ads/api/docs/remarketing/audience-segments/customer-match",
            "https://support.google.com/google-ads/answer/6379332",
        ),
        e(
            "google-ads-offline-conversions",
            "Google Ads Offline Conversions",
            "Google Ads",
            "#4285F4",
            Dsp,
            Events,
            "click conversions",
            Dst,
            S::AdPlatform,
            EventsDest,
            false,
            "Import click conversions (GCLID) from your CRM so Smart Bidding learns from closed deals.",
            "https://developers.google.com/google-ads/api/docs/conversions/upload-clicks",
            "https://support.google.com/google-ads/answer/2401634",
        ),
        e(
            "google-ads-reporting",
            "Google Ads Reporting",
            "Google Ads",
            "#4285F4",
            Dsp,
            Reporting,
            "reporting",
            Src,
            S::AdPlatform,
            ReportingSource,
            true,
            "Export Google Ads campaign, keyword and conversion reports.",
            "https://developers.google.com/google-ads/api/docs/reporting/overview",
            "https://ads.google.com/home/",
        ),
        e(
            "dv360-audiences",
            "Display & Video 360",
            "DV360",
            "#34A853",
            Dsp,
            AudienceActivation,
            "audiences",
            Dst,
            S::AdPlatform,
            SegmentDest,
            false,
            "Activate first-party audiences in Google Display & Video 360 line items.",
            "https://developers.google.com/display-video/api/guides/audiences/first-party",
            "https://marketingplatform.google.com/about/display-video-360/",
        ),
        e(
            "the-trade-desk",
            "The Trade Desk",
            "The Trade Desk",
            "#0099FA",
            Dsp,
            AudienceActivation,
            "Audiences - Data API",
            Dst,
            S::Seat,
            SegmentDest,
            false,
            "Push first-party segments to The Trade Desk through the Data API for programmatic targeting.",
            "https://partner.thetradedesk.com/v3/portal/data/doc/DataFirstPartyData",
            "https://www.thetradedesk.com/us/our-platform",
        ),
        e(
            "the-trade-desk-offline-conversions",
            "The Trade Desk Offline Conversions",
            "The Trade Desk",
            "#0099FA",
            Dsp,
            Events,
            "raw offline conversion events",
            Dst,
            S::Seat,
            EventsDest,
            false,
            "Attribute in-store and CRM conversions to The Trade Desk campaigns.",
            "https://partner.thetradedesk.com/v3/portal/data/doc/DataConversionEventIntegrations",
            "https://www.thetradedesk.com/us/our-platform",
        ),
        e(
            "the-trade-desk-reporting",
            "The Trade Desk Reporting",
            "The Trade Desk",
            "#0099FA",
            Dsp,
            Reporting,
            "reporting",
            Src,
            S::Seat,
            ReportingSource,
            true,
            "Schedule MyReports exports of campaign delivery and performance.",
            "https://partner.thetradedesk.com/v3/portal/api/doc/MyReportsOverview",
            "https://www.thetradedesk.com/us/our-platform",
        ),
        e(
            "amazon-dsp",
            "Amazon DSP",
            "Amazon Ads",
            "#FF9900",
            Dsp,
            AudienceActivation,
            "audiences",
            Dst,
            S::AdPlatform,
            SegmentDest,
            false,
            "Create advertiser audiences in Amazon DSP from hashed customer records.",
            "https://advertising.amazon.com/API/docs/en-us/dsp-audiences",
            "https://advertising.amazon.com/solutions/products/amazon-dsp",
        ),
        e(
            "yahoo-dsp",
            "Yahoo DSP",
            "Yahoo",
            "#6001D2",
            Dsp,
            AudienceActivation,
            "audiences",
            Dst,
            S::Seat,
            SegmentDest,
            false,
            "Onboard CRM and first-party segments to Yahoo DSP for cross-channel targeting.",
            "https://help.yahooinc.com/dsp-api/docs/audiences",
            "https://www.advertising.yahooinc.com/our-dsp",
        ),
        e(
            "xandr-invest",
            "Xandr Invest (Microsoft Invest)",
            "Xandr",
            "#7A52C7",
            Dsp,
            AudienceActivation,
            "audience DMP segments",
            Dst,
            S::Seat,
            SegmentDest,
            false,
            "Upload segment membership to Microsoft Invest (formerly Xandr) for buy-side targeting.",
            "https://learn.microsoft.com/en-us/xandr/digital-platform-api/segment-service",
            "https://about.ads.microsoft.com/en/solutions/xandr",
        ),
        e(
            "criteo",
            "Criteo Commerce Media",
            "Criteo",
            "#FE5000",
            Dsp,
            AudienceActivation,
            "audiences",
            Dst,
            S::AdPlatform,
            SegmentDest,
            false,
            "Send customer and product-interest audiences to Criteo for retargeting and retail media.",
            "https://developers.criteo.com/marketing-solutions/docs/audience-segments",
            "https://www.criteo.com/platform/",
        ),
        e(
            "microsoft-advertising",
            "Microsoft Advertising Customer Match",
            "Microsoft Advertising",
            "#00A4EF",
            Dsp,
            AudienceActivation,
            "customer match",
            Dst,
            S::AdPlatform,
            AudienceDest,
            false,
            "Reach known customers on Bing search and the Microsoft Audience Network.",
            "https://learn.microsoft.com/en-us/advertising/guides/customer-match",
            "https://about.ads.microsoft.com/en/solutions/audience-targeting",
        ),
        e(
            "google-ads-campaigns",
            "Google Ads Campaign Management",
            "Google Ads",
            "#4285F4",
            Dsp,
            CampaignManagement,
            "ads management",
            Dst,
            S::AdPlatform,
            CampaignDest,
            false,
            "Create campaigns, budgets and ad groups in Google Ads from an approved media plan.",
            "https://developers.google.com/google-ads/api/docs/campaigns/overview",
            "https://ads.google.com/home/",
        ),
        // --- SSPs
        e(
            "magnite",
            "Magnite",
            "Magnite",
            "#E31837",
            Ssp,
            AudienceActivation,
            "audience DMP segments",
            Dst,
            S::Seat,
            SegmentDest,
            false,
            "Package first-party audiences as curated deals on Magnite's sell-side platform.",
            "https://help.magnite.com/help/audiences",
            "https://www.magnite.com/",
        ),
        e(
            "pubmatic",
            "PubMatic",
            "PubMatic",
            "#0E6CC4",
            Ssp,
            AudienceActivation,
            "audiences",
            Dst,
            S::Seat,
            SegmentDest,
            false,
            "Activate publisher and advertiser audiences in PubMatic Connect deals.",
            "https://help.pubmatic.com/openwrap/docs/audience-encore",
            "https://pubmatic.com/products/connect/",
        ),
        e(
            "index-exchange",
            "Index Exchange",
            "Index Exchange",
            "#1B1F3B",
            Ssp,
            AudienceActivation,
            "audiences",
            Dst,
            S::Seat,
            SegmentDest,
            false,
            "Bring first-party segments to Index Exchange marketplace deals.",
            "https://kb.indexexchange.com/",
            "https://www.indexexchange.com/",
        ),
        e(
            "openx",
            "OpenX",
            "OpenX",
            "#F05A28",
            Ssp,
            AudienceActivation,
            "audiences",
            Dst,
            S::Seat,
            SegmentDest,
            false,
            "Create audience-based deals on OpenX using your first-party data.",
            "https://docs.openx.com/",
            "https://www.openx.com/",
        ),
        // --- Media management
        e(
            "campaign-manager-360",
            "Campaign Manager 360 Offline Conversions",
            "Campaign Manager 360",
            "#1A73E8",
            MediaManagement,
            Events,
            "offline conversions",
            Dst,
            S::AdPlatform,
            EventsDest,
            false,
            "Upload offline conversions to Campaign Manager 360 floodlight activities.",
            "https://developers.google.com/doubleclick-advertisers/guides/conversions_overview",
            "https://marketingplatform.google.com/about/campaign-manager/",
        ),
        e(
            "mediaocean-prisma",
            "Mediaocean Prisma",
            "Mediaocean",
            "#00263E",
            MediaManagement,
            CampaignManagement,
            "Campaign",
            Src,
            S::ApiKey,
            CdpSource,
            true,
            "Read approved media plans and placements from Prisma to drive campaign set-up.",
            "https://www.mediaocean.com/prisma",
            "https://www.mediaocean.com/prisma",
        ),
        e(
            "innovid",
            "Innovid",
            "Innovid",
            "#5C2D91",
            MediaManagement,
            CampaignManagement,
            "transcoding",
            Dst,
            S::ApiKey,
            CampaignDest,
            false,
            "Send video creatives to Innovid for transcoding and CTV ad serving.",
            "https://www.innovid.com/",
            "https://www.innovid.com/platform",
        ),
        e(
            "flashtalking",
            "Flashtalking",
            "Flashtalking",
            "#E2231A",
            MediaManagement,
            CampaignManagement,
            "campaign posting",
            Dst,
            S::ApiKey,
            CampaignDest,
            false,
            "Post campaign placements and creative rotations to Flashtalking ad serving.",
            "https://www.flashtalking.com/",
            "https://www.flashtalking.com/ad-serving",
        ),
        // --- CRM
        e(
            "salesforce-crm",
            "Salesforce",
            "Salesforce",
            "#00A1E0",
            Crm,
            AudienceActivation,
            "Audiences - CRM API",
            Src,
            S::Crm,
            CrmSource,
            true,
            "Read contacts, leads and accounts from Salesforce Sales Cloud to build audiences.",
            "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/",
            "https://www.salesforce.com/sales/",
        ),
        e(
            "salesforce-marketing-cloud",
            "Salesforce Marketing Cloud",
            "Salesforce",
            "#00A1E0",
            Crm,
            CampaignManagement,
            "Campaign",
            Dst,
            S::Crm,
            CrmDest,
            false,
            "Sync audiences into Marketing Cloud data extensions for email and journey campaigns.",
            "https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/apis-overview.html",
            "https://www.salesforce.com/marketing/",
        ),
        e(
            "hubspot",
            "HubSpot",
            "HubSpot",
            "#FF7A59",
            Crm,
            AudienceActivation,
            "audiences",
            Src,
            S::Crm,
            CrmSource,
            true,
            "Read HubSpot contact lists and companies to activate them in ad platforms.",
            "https://developers.hubspot.com/docs/api/crm/contacts",
            "https://www.hubspot.com/products/crm",
        ),
        e(
            "hubspot-lists",
            "HubSpot Lists",
            "HubSpot",
            "#FF7A59",
            Crm,
            AudienceActivation,
            "Audiences - CRM API",
            Dst,
            S::Crm,
            CrmDest,
            false,
            "Write enriched segments back to HubSpot static lists.",
            "https://developers.hubspot.com/docs/api/crm/lists",
            "https://www.hubspot.com/products/crm",
        ),
        e(
            "microsoft-dynamics-365",
            "Microsoft Dynamics 365",
            "Microsoft Dynamics",
            "#002050",
            Crm,
            AudienceActivation,
            "Audiences - CRM API",
            Src,
            S::Crm,
            CrmSource,
            true,
            "Read Dynamics 365 Sales contacts and marketing lists.",
            "https://learn.microsoft.com/en-us/dynamics365/customerengagement/on-premises/developer/",
            "https://dynamics.microsoft.com/en-us/sales/overview/",
        ),
        e(
            "zoho-crm",
            "Zoho CRM",
            "Zoho",
            "#E42527",
            Crm,
            AudienceActivation,
            "audiences",
            Src,
            S::Crm,
            CrmSource,
            true,
            "Read Zoho CRM leads and contacts for audience building.",
            "https://www.zoho.com/crm/developer/docs/api/v6/",
            "https://www.zoho.com/crm/",
        ),
        e(
            "oracle-eloqua",
            "Oracle Eloqua",
            "Oracle",
            "#C74634",
            Crm,
            CampaignManagement,
            "campaign posting",
            Dst,
            S::Crm,
            CrmDest,
            false,
            "Post segments and campaign members into Oracle Eloqua for B2B nurture programs.",
            "https://docs.oracle.com/en/cloud/saas/marketing/eloqua-rest-api/",
            "https://www.oracle.com/cx/marketing/automation/",
        ),
        // --- CDPs
        e(
            "segment",
            "Segment",
            "Segment",
            "#52BD94",
            Cdp,
            Events,
            "raw events data stream",
            Src,
            S::ApiKey,
            EventsSource,
            false,
            "Stream track, identify and page events from Twilio Segment.",
            "https://segment.com/docs/connections/sources/",
            "https://segment.com/product/connections/",
        ),
        e(
            "segment-audiences",
            "Segment Engage Audiences",
            "Segment",
            "#52BD94",
            Cdp,
            AudienceActivation,
            "audiences",
            Src,
            S::ApiKey,
            CdpSource,
            false,
            "Read computed audiences from Segment Engage.",
            "https://segment.com/docs/engage/audiences/",
            "https://segment.com/product/engage/",
        ),
        e(
            "mparticle",
            "mParticle",
            "mParticle",
            "#3D59F2",
            Cdp,
            Events,
            "raw real-time conversion events",
            Src,
            S::ApiKey,
            EventsSource,
            false,
            "Forward real-time conversion events from mParticle's event stream.",
            "https://docs.mparticle.com/developers/apis/",
            "https://www.mparticle.com/platform/",
        ),
        e(
            "tealium",
            "Tealium AudienceStream",
            "Tealium",
            "#2C8DCC",
            Cdp,
            AudienceActivation,
            "audiences",
            Src,
            S::ApiKey,
            CdpSource,
            false,
            "Read Tealium AudienceStream visitor audiences for activation.",
            "https://docs.tealium.com/server-side/audiencestream/",
            "https://tealium.com/products/audiencestream/",
        ),
        e(
            "adobe-real-time-cdp",
            "Adobe Real-Time CDP",
            "Adobe",
            "#EB1000",
            Cdp,
            AudienceActivation,
            "Audiences - Data API",
            Src,
            S::ApiKey,
            CdpSource,
            false,
            "Read segments from Adobe Experience Platform Real-Time CDP.",
            "https://experienceleague.adobe.com/docs/experience-platform/rtcdp/overview.html",
            "https://business.adobe.com/products/real-time-customer-data-platform/rtcdp.html",
        ),
        e(
            "adobe-audience-manager",
            "Adobe Audience Manager",
            "Adobe",
            "#EB1000",
            Cdp,
            AudienceActivation,
            "audience DMP segments",
            Dst,
            S::ApiKey,
            SegmentDest,
            false,
            "Onboard offline traits into Adobe Audience Manager segments.",
            "https://experienceleague.adobe.com/docs/audience-manager/user-guide/aam-home.html",
            "https://business.adobe.com/products/audience-manager/adobe-audience-manager.html",
        ),
        e(
            "braze",
            "Braze",
            "Braze",
            "#801ED7",
            Cdp,
            AudienceActivation,
            "audiences",
            Dst,
            S::ApiKey,
            CrmDest,
            false,
            "Sync audiences to Braze cohorts for push, email and in-app messaging.",
            "https://www.braze.com/docs/api/basics/",
            "https://www.braze.com/product",
        ),
        e(
            "segment-destination",
            "Segment Sources",
            "Segment",
            "#52BD94",
            Cdp,
            Events,
            "events",
            Dst,
            S::ApiKey,
            EventsDest,
            false,
            "Send offline events into a Segment HTTP source so every Segment destination receives them.",
            "https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/",
            "https://segment.com/product/connections/",
        ),
        e(
            "amplitude",
            "Amplitude",
            "Amplitude",
            "#1E61F0",
            Cdp,
            Reporting,
            "analytics",
            Dst,
            S::ApiKey,
            EventsDest,
            false,
            "Send campaign and conversion events to Amplitude for product and marketing analytics.",
            "https://amplitude.com/docs/apis/analytics/http-v2",
            "https://amplitude.com/amplitude-analytics",
        ),
        // --- Cloud storage and warehouses
        e(
            "amazon-s3",
            "Amazon S3",
            "Amazon Web Services",
            "#569A31",
            CloudStorage,
            DataStore,
            "data store",
            Src,
            S::Aws,
            StorageSource,
            true,
            "Read CSV, Parquet or JSON Lines files from an S3 bucket prefix.",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html",
            "https://aws.amazon.com/s3/",
        ),
        e(
            "amazon-s3-export",
            "Amazon S3 Export",
            "Amazon Web Services",
            "#569A31",
            CloudStorage,
            DataStore,
            "data store",
            Dst,
            S::Aws,
            StorageDest,
            false,
            "Write delivery files and reports to an S3 bucket.",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html",
            "https://aws.amazon.com/s3/",
        ),
        e(
            "google-cloud-storage",
            "Google Cloud Storage",
            "Google Cloud",
            "#4285F4",
            CloudStorage,
            DataStore,
            "data store",
            Src,
            S::Gcp,
            StorageSource,
            true,
            "Read files from a Google Cloud Storage bucket.",
            "https://cloud.google.com/storage/docs",
            "https://cloud.google.com/storage",
        ),
        e(
            "google-cloud-storage-export",
            "Google Cloud Storage Export",
            "Google Cloud",
            "#4285F4",
            CloudStorage,
            DataStore,
            "data store",
            Dst,
            S::Gcp,
            StorageDest,
            false,
            "Write files to a Google Cloud Storage bucket.",
            "https://cloud.google.com/storage/docs/uploading-objects",
            "https://cloud.google.com/storage",
        ),
        e(
            "azure-blob-storage",
            "Azure Blob Storage",
            "Microsoft Azure",
            "#0078D4",
            CloudStorage,
            DataStore,
            "data store",
            Src,
            S::Azure,
            StorageSource,
            true,
            "Read files from an Azure Blob Storage container.",
            "https://learn.microsoft.com/en-us/azure/storage/blobs/",
            "https://azure.microsoft.com/en-us/products/storage/blobs",
        ),
        e(
            "azure-blob-storage-export",
            "Azure Blob Storage Export",
            "Microsoft Azure",
            "#0078D4",
            CloudStorage,
            DataStore,
            "data store",
            Dst,
            S::Azure,
            StorageDest,
            false,
            "Write files to an Azure Blob Storage container.",
            "https://learn.microsoft.com/en-us/azure/storage/blobs/storage-quickstart-blobs-portal",
            "https://azure.microsoft.com/en-us/products/storage/blobs",
        ),
        e(
            "snowflake",
            "Snowflake",
            "Snowflake",
            "#29B5E8",
            CloudStorage,
            DataStore,
            "data store",
            Src,
            S::Warehouse,
            WarehouseSource,
            true,
            "Run a SQL query in your Snowflake warehouse and use the rows as audience or event input.",
            "https://docs.snowflake.com/en/user-guide/data-load-overview",
            "https://www.snowflake.com/en/data-cloud/platform/",
        ),
        e(
            "snowflake-data-share",
            "Snowflake Data Share",
            "Snowflake",
            "#29B5E8",
            CloudStorage,
            DataStore,
            "data store",
            Dst,
            S::Warehouse,
            StorageDest,
            false,
            "Deliver results into a Snowflake table shared with your account.",
            "https://docs.snowflake.com/en/user-guide/data-sharing-intro",
            "https://www.snowflake.com/en/data-cloud/platform/",
        ),
        e(
            "google-bigquery",
            "Google BigQuery",
            "Google Cloud",
            "#669DF6",
            CloudStorage,
            DataStore,
            "data store",
            Src,
            S::Gcp,
            WarehouseSource,
            true,
            "Run a BigQuery SQL query and use the result as connection input.",
            "https://cloud.google.com/bigquery/docs",
            "https://cloud.google.com/bigquery",
        ),
        e(
            "google-bigquery-export",
            "Google BigQuery Export",
            "Google Cloud",
            "#669DF6",
            CloudStorage,
            DataStore,
            "data store",
            Dst,
            S::Gcp,
            StorageDest,
            false,
            "Load delivery results and reports into a BigQuery dataset.",
            "https://cloud.google.com/bigquery/docs/loading-data",
            "https://cloud.google.com/bigquery",
        ),
        e(
            "databricks",
            "Databricks",
            "Databricks",
            "#FF3621",
            CloudStorage,
            DataStore,
            "data store",
            Src,
            S::Warehouse,
            WarehouseSource,
            true,
            "Query Delta tables through a Databricks SQL warehouse.",
            "https://docs.databricks.com/en/sql/index.html",
            "https://www.databricks.com/product/data-warehousing",
        ),
        // --- E-commerce
        e(
            "shopify",
            "Shopify",
            "Shopify",
            "#95BF47",
            ECommerce,
            AudienceActivation,
            "audiences",
            Src,
            S::Store,
            EcommerceSource,
            true,
            "Build audiences from Shopify customers and order history.",
            "https://shopify.dev/docs/api/admin-graphql",
            "https://www.shopify.com/",
        ),
        e(
            "magento",
            "Magento (Adobe Commerce)",
            "Adobe Commerce",
            "#F46F25",
            ECommerce,
            Events,
            "raw offline conversion events",
            Src,
            S::Store,
            EcommerceSource,
            true,
            "Read completed orders from Magento / Adobe Commerce as conversion events.",
            "https://developer.adobe.com/commerce/webapi/rest/",
            "https://business.adobe.com/products/magento/magento-commerce.html",
        ),
        e(
            "bigcommerce",
            "BigCommerce",
            "BigCommerce",
            "#34313F",
            ECommerce,
            AudienceActivation,
            "audiences",
            Src,
            S::Store,
            EcommerceSource,
            true,
            "Read BigCommerce customers and customer groups.",
            "https://developer.bigcommerce.com/docs/rest-management/customers",
            "https://www.bigcommerce.com/",
        ),
        e(
            "woocommerce",
            "WooCommerce",
            "WooCommerce",
            "#7F54B3",
            ECommerce,
            Events,
            "Conversions",
            Src,
            S::Store,
            EcommerceSource,
            true,
            "Read WooCommerce orders as purchase conversions.",
            "https://woocommerce.github.io/woocommerce-rest-api-docs/",
            "https://woocommerce.com/",
        ),
        // --- Data providers
        e(
            "experian-audiences",
            "Experian Audiences",
            "Experian",
            "#1D4F91",
            DataProvider,
            AudienceActivation,
            "audience DMP segments",
            Src,
            S::Sftp,
            DataProviderSource,
            true,
            "License Experian Marketing Services audience segments for activation.",
            "https://www.experian.com/marketing/data-and-audiences",
            "https://www.experian.com/marketing/audiences",
        ),
        e(
            "acxiom",
            "Acxiom InfoBase",
            "Acxiom",
            "#D71920",
            DataProvider,
            AudienceActivation,
            "audience DMP segments",
            Src,
            S::Sftp,
            DataProviderSource,
            true,
            "Receive Acxiom InfoBase demographic and lifestyle segments.",
            "https://www.acxiom.com/customer-data/infobase/",
            "https://www.acxiom.com/",
        ),
        e(
            "oracle-advertising",
            "Oracle Advertising Audiences",
            "Oracle",
            "#C74634",
            DataProvider,
            AudienceActivation,
            "audience DMP segments",
            Src,
            S::Sftp,
            DataProviderSource,
            true,
            "Receive Oracle Advertising third-party audience segments.",
            "https://docs.oracle.com/en/cloud/saas/data-cloud/",
            "https://www.oracle.com/advertising/",
        ),
        e(
            "foursquare",
            "Foursquare Places",
            "Foursquare",
            "#F94877",
            DataProvider,
            Events,
            "geo events",
            Src,
            S::Sftp,
            GeoSource,
            true,
            "Receive store-visit and location events from Foursquare.",
            "https://docs.foursquare.com/",
            "https://foursquare.com/products/places/",
        ),
        e(
            "nielsen",
            "Nielsen Marketing Cloud",
            "Nielsen",
            "#0071CE",
            DataProvider,
            Reporting,
            "reporting",
            Src,
            S::Sftp,
            DataProviderSource,
            true,
            "Receive Nielsen audience measurement and campaign reach reports.",
            "https://www.nielsen.com/solutions/",
            "https://www.nielsen.com/",
        ),
        // --- Identity
        e(
            "liveramp-rampid",
            "LiveRamp RampID",
            "LiveRamp",
            "#3B3BFF",
            P::IdentityManagement,
            Cat::IdentityManagement,
            "ID match",
            Src,
            S::ApiKey,
            IdentitySource,
            true,
            "Resolve customer records to RampIDs before activation.",
            "https://developers.liveramp.com/rampid-api/",
            "https://liveramp.com/identity/",
        ),
        e(
            "liveramp-activation",
            "LiveRamp Activation",
            "LiveRamp",
            "#3B3BFF",
            P::IdentityManagement,
            Cat::IdentityManagement,
            "identity management",
            Dst,
            S::Sftp,
            IdentityDest,
            false,
            "Onboard files to LiveRamp Connect for activation across 500+ destinations.",
            "https://docs.liveramp.com/connect/en/onboarding.html",
            "https://liveramp.com/data-collaboration/",
        ),
        e(
            "experian-identity",
            "Experian Identity Graph",
            "Experian",
            "#1D4F91",
            P::IdentityManagement,
            Cat::IdentityManagement,
            "ID match",
            Dst,
            S::Sftp,
            IdentityDest,
            false,
            "Match records to Experian's identity graph for reach and enrichment.",
            "https://www.experian.com/marketing/identity",
            "https://www.experian.com/marketing/identity",
        ),
        e(
            "transunion-truaudience",
            "TransUnion TruAudience",
            "TransUnion",
            "#00A6CA",
            P::IdentityManagement,
            Cat::IdentityManagement,
            "identity management",
            Dst,
            S::Sftp,
            IdentityDest,
            false,
            "Resolve and enrich identities with TransUnion TruAudience (formerly Neustar).",
            "https://www.transunion.com/solution/truaudience",
            "https://www.transunion.com/solution/truaudience",
        ),
        e(
            "id5",
            "ID5",
            "ID5",
            "#1F2D5C",
            P::IdentityManagement,
            Cat::IdentityManagement,
            "ID match",
            Src,
            S::ApiKey,
            IdentitySource,
            false,
            "Read ID5 universal IDs for privacy-safe addressability.",
            "https://wiki.id5.io/",
            "https://id5.io/",
        ),
        e(
            "uid2",
            "Unified ID 2.0",
            "UID2",
            "#2E3A59",
            P::IdentityManagement,
            Cat::IdentityManagement,
            "identity management",
            Dst,
            S::ApiKey,
            IdentityDest,
            false,
            "Generate and refresh Unified ID 2.0 tokens from hashed emails and phone numbers.",
            "https://unifiedid.com/docs/intro",
            "https://unifiedid.com/",
        ),
    ]
}

/// Whether a source of one category can feed a destination of another.
pub fn categories_compatible(src: &Cat, dest: &Cat) -> bool {
    use Cat::*;
    let audience = |c: &Cat| matches!(c, AudienceActivation | IdentityManagement | DataStore);
    match src {
        Events => matches!(dest, Events | DataStore | Reporting),
        Reporting => matches!(dest, DataStore | Reporting),
        CampaignManagement => matches!(dest, CampaignManagement | DataStore),
        DataStore => audience(dest) || matches!(dest, Events | CampaignManagement | Reporting),
        _ => audience(dest),
    }
}

// ---- field metadata ------------------------------------------------------------------------

fn f(id: &str, label: &str, ty: T, description: &str) -> ConfigField {
    ConfigField { description: description.into(), ..ConfigField::new(id, label, ty) }
}

trait FieldExt {
    fn req(self) -> Self;
    fn limit(self, n: u32) -> Self;
    fn range(self, min: f64, max: f64) -> Self;
    fn opts(self, o: &[(&str, &str)]) -> Self;
    fn readonly(self, value: &str) -> Self;
    fn default_value(self, value: &str) -> Self;
}

impl FieldExt for ConfigField {
    fn req(mut self) -> Self {
        self.required = true;
        self
    }
    fn limit(mut self, n: u32) -> Self {
        self.limit = Some(n);
        self
    }
    fn range(mut self, min: f64, max: f64) -> Self {
        self.min = Some(min);
        self.max = Some(max);
        self
    }
    fn opts(mut self, o: &[(&str, &str)]) -> Self {
        self.options = o.iter().map(|(v, l)| FieldOption { value: v.to_string(), label: l.to_string() }).collect();
        self
    }
    fn readonly(mut self, value: &str) -> Self {
        self.readonly = true;
        self.value = value.into();
        self
    }
    fn default_value(mut self, value: &str) -> Self {
        self.value = value.into();
        self
    }
}

const REGIONS_AWS: &[(&str, &str)] = &[
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-2", "US West (Oregon)"),
    ("eu-west-1", "Europe (Ireland)"),
    ("eu-central-1", "Europe (Frankfurt)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
];

const COUNTRIES: &[(&str, &str)] = &[
    ("US", "United States"),
    ("CA", "Canada"),
    ("MX", "Mexico"),
    ("BR", "Brazil"),
    ("AR", "Argentina"),
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("NL", "Netherlands"),
    ("BE", "Belgium"),
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("DK", "Denmark"),
    ("FI", "Finland"),
    ("PL", "Poland"),
    ("CH", "Switzerland"),
    ("AT", "Austria"),
    ("PT", "Portugal"),
    ("IN", "India"),
    ("JP", "Japan"),
    ("KR", "South Korea"),
    ("SG", "Singapore"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
    ("ZA", "South Africa"),
    ("AE", "United Arab Emirates"),
    ("SA", "Saudi Arabia"),
];

const TIMEZONES: &[(&str, &str)] = &[
    ("UTC", "UTC"),
    ("America/New_York", "New York (ET)"),
    ("America/Chicago", "Chicago (CT)"),
    ("America/Denver", "Denver (MT)"),
    ("America/Los_Angeles", "Los Angeles (PT)"),
    ("America/Sao_Paulo", "São Paulo"),
    ("Europe/London", "London"),
    ("Europe/Paris", "Paris"),
    ("Europe/Berlin", "Berlin"),
    ("Europe/Madrid", "Madrid"),
    ("Asia/Dubai", "Dubai"),
    ("Asia/Kolkata", "Kolkata"),
    ("Asia/Singapore", "Singapore"),
    ("Asia/Tokyo", "Tokyo"),
    ("Australia/Sydney", "Sydney"),
];

const TAXONOMY: &[(&str, &str)] = &[
    ("auto-intenders", "Auto intenders"),
    ("new-movers", "New movers"),
    ("frequent-travelers", "Frequent travellers"),
    ("luxury-shoppers", "Luxury shoppers"),
    ("parents-young-kids", "Parents of young children"),
    ("pet-owners", "Pet owners"),
    ("home-improvement", "Home improvement"),
    ("fitness-enthusiasts", "Fitness enthusiasts"),
    ("small-business-owners", "Small business owners"),
    ("streaming-households", "Streaming households"),
    ("green-living", "Green living"),
    ("credit-card-seekers", "Credit card seekers"),
];

const EVENT_TYPES: &[(&str, &str)] = &[
    ("Purchase", "Purchase"),
    ("Lead", "Lead"),
    ("CompleteRegistration", "Complete registration"),
    ("AddToCart", "Add to cart"),
    ("Subscribe", "Subscribe"),
    ("PageView", "Page view"),
];

/// The `secretConfig` fields of an auth style.
pub fn secret_fields(kind: Secret, entry_name: &str) -> Vec<ConfigField> {
    match kind {
        Secret::AdPlatform => vec![
            f("clientId", "App ID", T::Text, &format!("The app (client) ID of your {entry_name} developer app.")).req().limit(128),
            f("clientSecret", "App secret", T::Password, "The app secret. Stored encrypted and never shown again.").req().limit(256),
            f("refreshToken", "Refresh token", T::Password, "A long-lived refresh token granted to the app with ads management scope.")
                .req()
                .limit(2048),
            f("adAccountId", "Ad account ID", T::Text, "The ad account that owns audiences and conversions.").req().limit(64),
            f("apiVersion", "API version", T::Text, "The API version this connector is certified against.").readonly("v2024.10"),
        ],
        Secret::ApiKey => vec![
            f("apiKey", "API key", T::Password, "An API key with write access. Stored encrypted and never shown again.").req().limit(256),
            f("region", "Data region", T::Select, "Where your workspace's data is hosted.")
                .req()
                .opts(&[("us", "United States"), ("eu", "European Union"), ("apac", "Asia Pacific")])
                .default_value("us"),
            f("workspace", "Workspace slug", T::Text, "Optional workspace or property name, as it appears in the platform's URL.")
                .limit(64),
        ],
        Secret::Aws => vec![
            f("accessKeyId", "Access key ID", T::Text, "An IAM access key ID with s3:GetObject / s3:PutObject on the bucket.")
                .req()
                .limit(128),
            f("secretAccessKey", "Secret access key", T::Password, "The IAM secret access key. Stored encrypted.").req().limit(128),
            f("region", "AWS region", T::Select, "The region of the bucket.").req().opts(REGIONS_AWS),
            f(
                "roleArn",
                "Role ARN to assume",
                T::Text,
                "Optional: an IAM role to assume for cross-account access (arn:aws:iam::123456789012:role/name).",
            )
            .limit(2048),
        ],
        Secret::Gcp => vec![
            f(
                "serviceAccountEmail",
                "Service account email",
                T::Email,
                "The service account, e.g. madconnect@project.iam.gserviceaccount.com.",
            )
            .req()
            .limit(254),
            f(
                "privateKey",
                "Private key",
                T::Password,
                "The service account's private key (the private_key value of its JSON key). Stored encrypted.",
            )
            .req()
            .limit(8192),
            f("projectId", "Project ID", T::Text, "The Google Cloud project that owns the data.").req().limit(30),
        ],
        Secret::Azure => vec![
            f("storageAccount", "Storage account name", T::Text, "3–24 lowercase letters and digits.").req().limit(24),
            f("accountKey", "Account key", T::Password, "A storage account access key. Stored encrypted.").req().limit(256),
            f("endpointSuffix", "Endpoint suffix", T::Text, "The Azure cloud this connector talks to.").readonly("core.windows.net"),
        ],
        Secret::Warehouse => vec![
            f("accountUrl", "Account URL", T::Url, "Your account or workspace URL, e.g. https://xy12345.us-east-1.snowflakecomputing.com.")
                .req()
                .limit(512),
            f("username", "Username", T::Text, "A service user with read access to the shared schema.").req().limit(128),
            f("password", "Password", T::Password, "The service user's password. Stored encrypted.").req().limit(256),
            f("role", "Role", T::Select, "The role the service user assumes.").opts(&[
                ("SYSADMIN", "SYSADMIN"),
                ("ANALYST", "ANALYST"),
                ("MADCONNECT_READER", "MADCONNECT_READER"),
            ]),
            f("warehouse", "Warehouse", T::Text, "The compute warehouse or SQL endpoint that runs queries.").limit(128),
        ],
        Secret::Crm => vec![
            f("instanceUrl", "Instance URL", T::Url, "Your org's URL, e.g. https://yourcompany.my.salesforce.com.").req().limit(512),
            f("clientId", "Client ID", T::Text, "The consumer key of the connected app.").req().limit(256),
            f("clientSecret", "Client secret", T::Password, "The consumer secret of the connected app. Stored encrypted.").req().limit(256),
            f("sandbox", "Sandbox org", T::Checkbox, "Tick when connecting to a sandbox rather than production."),
        ],
        Secret::Store => vec![
            f("storeUrl", "Store URL", T::Url, "Your store's admin URL, e.g. https://your-store.myshopify.com.").req().limit(512),
            f(
                "accessToken",
                "Admin API access token",
                T::Password,
                "A private-app or custom-app token with read_customers and read_orders. Stored encrypted.",
            )
            .req()
            .limit(512),
        ],
        Secret::Sftp => vec![
            f("host", "SFTP host", T::Text, "The delivery host the provider assigned to you.").req().limit(253),
            f("port", "Port", T::Number, "SFTP port (usually 22).").req().range(1.0, 65535.0).default_value("22"),
            f("username", "Username", T::Text, "Your SFTP user name.").req().limit(64),
            f("password", "Password", T::Password, "Your SFTP password. Stored encrypted.").req().limit(256),
            f("accountManagerEmail", "Account manager email", T::Email, "Who at the provider to contact about deliveries.").limit(254),
            f("escalationPhone", "Escalation phone", T::Tel, "Phone number for urgent delivery problems.").limit(32),
        ],
        Secret::Seat => vec![
            f("partnerId", "Partner ID", T::Text, "Your partner / seat ID on the platform.").req().limit(64),
            f("apiToken", "API token", T::Password, "An API token for the seat. Stored encrypted.").req().limit(512),
            f("environment", "Environment", T::Select, "Use sandbox while testing.")
                .req()
                .opts(&[("production", "Production"), ("sandbox", "Sandbox")])
                .default_value("production"),
        ],
    }
}

/// The `connectionConfig` fields a connection needs for this connector.
pub fn connection_fields(kind: Conn) -> Vec<ConfigField> {
    match kind {
        Conn::AudienceDest => vec![
            f("audienceName", "Audience name", T::Text, "How the audience is named in the platform.").req().limit(100),
            f("audienceSource", "Audience source", T::Select, "Who collected the customer data.").req().opts(&[
                ("USER_PROVIDED_ONLY", "Collected directly from customers"),
                ("PARTNER_PROVIDED_ONLY", "Provided by partners"),
                ("BOTH_USER_AND_PARTNER_PROVIDED", "Both"),
            ]),
            f("matchKeys", "Match keys", T::MultiSelect, "Identifiers to send for matching; more keys raise the match rate.")
                .req()
                .opts(&[("EMAIL", "Email"), ("PHONE", "Phone"), ("MAID", "Mobile advertising ID"), ("FN_LN_ZIP", "Name + postcode")]),
            f("membershipDays", "Membership duration (days)", T::Number, "How long a person stays in the audience after their last match.")
                .range(1.0, 540.0)
                .default_value("180"),
            f(
                "identifiersHashed",
                "Identifiers are already SHA-256 hashed",
                T::Checkbox,
                "Leave unticked to let MadConnect normalise and hash them.",
            ),
        ],
        Conn::SegmentDest => vec![
            f("advertiserId", "Advertiser ID", T::Text, "The advertiser that will own the segment.").req().limit(64),
            f("segmentName", "Segment name", T::Text, "How the segment appears in the platform.").req().limit(100),
            f("ttlDays", "Time to live (days)", T::Number, "Days a user stays in the segment without being refreshed.")
                .range(1.0, 180.0)
                .default_value("30"),
            f("country", "Country", T::FilteredSelect, "Where the audience will be targeted.").req().opts(COUNTRIES),
            f("startDate", "Start date", T::Date, "First day the segment may be used for targeting."),
        ],
        Conn::EventsDest => vec![
            f("datasetId", "Dataset / pixel ID", T::Text, "The pixel, dataset or conversion action that receives events.").req().limit(64),
            f("eventTypes", "Event types", T::MultiSelect, "Which events to send.").req().opts(EVENT_TYPES),
            f("testEventCode", "Test event code", T::Text, "Optional: route events to the platform's test tool while you verify.")
                .limit(32),
            f("backfillFrom", "Backfill from", T::Datetime, "Optional: also send events since this moment (local time)."),
        ],
        Conn::StorageDest => vec![
            f("bucketURI", "Destination path", T::Text, "Bucket or table path to write to, e.g. s3://bucket/prefix/ or dataset.table.")
                .req()
                .limit(1024),
            f("fileFormat", "File format", T::Select, "Format of delivered files.")
                .req()
                .opts(&[("csv", "CSV"), ("parquet", "Parquet"), ("jsonl", "JSON Lines")])
                .default_value("csv"),
            f("compression", "Compression", T::Select, "Compress files before delivery.").opts(&[("none", "None"), ("gzip", "gzip")]),
            f("notifyEmail", "Notify email", T::Email, "Optional: who to email after each delivery.").limit(254),
        ],
        Conn::CampaignDest => vec![
            f("campaignId", "Campaign ID", T::Text, "The campaign or placement to post to.").req().limit(64),
            f("campaignNotes", "Trafficking notes", T::Textarea, "Instructions for the ad ops team (visible in the platform).").limit(2000),
            f("launchDate", "Launch date", T::Date, "The day the campaign goes live.").req(),
            f("launchTime", "Launch time", T::Time, "Local time of day the campaign goes live."),
        ],
        Conn::CrmDest => vec![
            f("listName", "List name", T::Text, "The list, data extension or cohort to write to.").req().limit(100),
            f("ownerEmail", "Owner email", T::Email, "The user who will own the list.").req().limit(254),
            f("doubleOptIn", "Require double opt-in", T::Checkbox, "Only add people who confirmed their subscription."),
        ],
        Conn::IdentityDest => vec![
            f("matchThreshold", "Minimum match confidence (%)", T::Number, "Records below this confidence are dropped.")
                .range(0.0, 100.0)
                .default_value("80"),
            f("country", "Identity graph country", T::FilteredSelect, "Which country's identity graph to match against.")
                .req()
                .opts(COUNTRIES),
            f("notes", "Notes for the onboarding team", T::Textarea, "Anything the provider should know about this file.").limit(500),
        ],
        Conn::StorageSource => vec![
            f("bucketURI", "Bucket URI", T::Text, "Folder to read, e.g. s3://bucket/path/ or gs://bucket/path/.").req().limit(1024),
            f("fileFormat", "File format", T::Select, "Format of the source files.")
                .req()
                .opts(&[("csv", "CSV"), ("parquet", "Parquet"), ("jsonl", "JSON Lines")])
                .default_value("csv"),
            f("dailySyncTime", "Daily sync time", T::Time, "When to pick up new files each day (UTC)."),
            f("startDate", "Only files since", T::Date, "Ignore files older than this date."),
        ],
        Conn::WarehouseSource => vec![
            f("query", "SQL query", T::Textarea, "A SELECT statement whose rows become the connection's input.").req().limit(10000),
            f("dailySyncTime", "Daily sync time", T::Time, "When to run the query each day (UTC)."),
            f("incrementalColumn", "Incremental column", T::Text, "Optional: a timestamp column used to fetch only new rows.").limit(128),
        ],
        Conn::CrmSource => vec![
            f("object", "Object", T::Select, "Which records to read.").req().opts(&[
                ("Contact", "Contacts"),
                ("Lead", "Leads"),
                ("Account", "Accounts"),
                ("Opportunity", "Opportunities"),
            ]),
            f("listId", "List or report ID", T::Text, "Optional: only read records in this list or report.").limit(64),
            f("fields", "Fields to sync", T::MultiSelect, "Which fields to read.").req().opts(&[
                ("Email", "Email"),
                ("Phone", "Phone"),
                ("FirstName", "First name"),
                ("LastName", "Last name"),
                ("Company", "Company"),
                ("Country", "Country"),
            ]),
            f("modifiedSince", "Modified since", T::Datetime, "Only records changed after this moment."),
        ],
        Conn::CdpSource => vec![
            f("audienceId", "Audience ID", T::Text, "The audience, segment or plan to read.").req().limit(128),
            f("syncFrequency", "Sync frequency", T::Select, "How often to refresh membership.")
                .req()
                .opts(&[("hourly", "Hourly"), ("daily", "Daily"), ("weekly", "Weekly")])
                .default_value("daily"),
            f("dailySyncTime", "Daily sync time", T::Time, "For daily and weekly syncs: time of day (UTC)."),
        ],
        Conn::EventsSource => vec![
            f("streamId", "Source / stream ID", T::Text, "The event source to read.").req().limit(128),
            f("eventTypes", "Event types", T::MultiSelect, "Which events to forward.").req().opts(EVENT_TYPES),
            f("backfillFrom", "Backfill from", T::Datetime, "Optional: replay events since this moment."),
        ],
        Conn::ReportingSource => vec![
            f("reportLevel", "Report level", T::Select, "Granularity of each row.").req().opts(&[
                ("campaign", "Campaign"),
                ("ad_group", "Ad set / ad group"),
                ("ad", "Ad"),
            ]),
            f("lookbackDays", "Lookback window (days)", T::Number, "Days re-pulled each run to catch late conversions.")
                .req()
                .range(1.0, 90.0)
                .default_value("7"),
            f("metrics", "Metrics", T::MultiSelect, "Which metrics to include.").req().opts(&[
                ("impressions", "Impressions"),
                ("clicks", "Clicks"),
                ("spend", "Spend"),
                ("conversions", "Conversions"),
                ("video_views", "Video views"),
            ]),
            f("timezone", "Reporting time zone", T::FilteredSelect, "Days are cut at midnight in this zone.")
                .opts(TIMEZONES)
                .default_value("UTC"),
            f("startDate", "Start date", T::Date, "First day to report on.").req(),
        ],
        Conn::EcommerceSource => vec![
            f("segment", "Customer segment", T::Select, "Which customers to include.").req().opts(&[
                ("all", "All customers"),
                ("repeat", "Repeat buyers"),
                ("lapsed", "Lapsed (no order in 180 days)"),
                ("high_value", "High lifetime value"),
            ]),
            f("includeGuests", "Include guest checkouts", T::Checkbox, "Also include orders placed without an account."),
            f("ordersSince", "Orders since", T::Date, "Only consider orders placed on or after this date."),
        ],
        Conn::DataProviderSource => vec![
            f("taxonomy", "Segment", T::FilteredSelect, "The licensed segment to receive.").req().opts(TAXONOMY),
            f("segmentIds", "Additional segment IDs", T::Textarea, "Optional: provider segment IDs, one per line.").limit(4000),
            f("deliveryEmail", "Delivery notifications to", T::Email, "Who to tell when a new file arrives.").limit(254),
        ],
        Conn::IdentitySource => vec![
            f("matchThreshold", "Minimum match confidence (%)", T::Number, "Drop resolutions below this confidence.")
                .range(0.0, 100.0)
                .default_value("80"),
            f("country", "Country", T::FilteredSelect, "Identity space to resolve in.").req().opts(COUNTRIES),
        ],
        Conn::GeoSource => vec![
            f("country", "Country", T::FilteredSelect, "Which country's visits to receive.").req().opts(COUNTRIES),
            f("radiusMeters", "Geofence radius (metres)", T::Number, "Radius around each place that counts as a visit.")
                .req()
                .range(50.0, 5000.0)
                .default_value("200"),
            f("placesListUrl", "Places list URL", T::Url, "Optional: an https link to your list of store locations.").limit(2048),
        ],
    }
}

/// A valid sample value for a field (used to seed configured connectors and connections).
pub fn sample_value(field: &ConfigField, account_slug: &str) -> Option<serde_json::Value> {
    use serde_json::Value;
    if field.readonly {
        return None;
    }
    let s = |x: &str| Some(Value::String(x.to_string()));
    match &field.field_type {
        T::Checkbox => Some(Value::Bool(false)),
        T::Number => Some(Value::from(field.value.parse::<f64>().ok().or(field.min).map(|n| n as i64).unwrap_or(30))),
        T::Select | T::FilteredSelect => {
            let v = if field.value.is_empty() { field.options.first()?.value.clone() } else { field.value.clone() };
            Some(Value::String(v))
        }
        T::MultiSelect => Some(Value::Array(field.options.iter().take(2).map(|o| Value::String(o.value.clone())).collect())),
        T::Date => s("2025-01-15"),
        T::Datetime => s("2025-01-15T09:00"),
        T::Time => s("06:00"),
        T::Email => s(&format!("ops@{account_slug}.example.com")),
        T::Url => s(&format!("https://{account_slug}.example.com")),
        T::Tel => s("+1 555 0100"),
        T::Password => s(&format!("demo-{}-{}", field.id, crate::crypto::random_string(12))),
        T::Textarea => s(match field.id.as_str() {
            "query" => "SELECT email, phone, country FROM crm.customers WHERE consent = TRUE",
            _ => "Seeded for the demo.",
        }),
        _ => s(&match field.id.as_str() {
            "bucketURI" => format!("s3://{account_slug}-exports/audiences/"),
            "audienceName" | "segmentName" | "listName" => format!("{account_slug} high-value customers"),
            "host" => "sftp.provider.example.com".to_string(),
            _ => format!("{account_slug}-{}", field.id.to_lowercase()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashSet};

    #[test]
    fn catalog_covers_every_documented_value_and_field_type() {
        let all = entries();
        assert!(all.len() >= 60, "only {} connectors", all.len());
        for p in P::ALL {
            assert!(all.iter().any(|e| &e.platform_type == p), "no {p} connector");
        }
        for c in Cat::ALL {
            assert!(all.iter().any(|e| &e.category == c), "no {c} connector");
        }
        assert!(all.iter().any(|e| e.supported == Src) && all.iter().any(|e| e.supported == Dst));
        let mut types = HashSet::new();
        for e in &all {
            for fld in secret_fields(e.secret, &e.name).into_iter().chain(connection_fields(e.conn)) {
                assert_eq!(fld.id, fld.name);
                assert!(!fld.field_type.has_options() || !fld.options.is_empty(), "{} lacks options", fld.id);
                types.insert(fld.field_type.as_str().to_string());
            }
        }
        for t in madconnect_model::FieldType::ALL {
            assert!(types.contains(t.as_str()), "no field of type {t}");
        }
        let slugs: BTreeSet<_> = all.iter().map(|e| e.slug.clone()).collect();
        assert_eq!(slugs.len(), all.len(), "slugs must be unique");
    }

    #[test]
    fn every_connector_has_a_counterpart() {
        let all = entries();
        for e in &all {
            let has = all.iter().any(|o| {
                o.supported != e.supported
                    && o.platform != e.platform
                    && if e.supported == Src {
                        categories_compatible(&e.category, &o.category)
                    } else {
                        categories_compatible(&o.category, &e.category)
                    }
            });
            assert!(has, "{} has no compatible counterpart", e.name);
        }
    }

    #[test]
    fn sample_values_pass_the_model_validation() {
        for e in entries() {
            let fields = connection_fields(e.conn);
            let values: madconnect_model::ConfigValues =
                fields.iter().filter_map(|f| sample_value(f, "brand-a").map(|v| (f.id.clone(), v))).collect();
            madconnect_model::validate::validate_config(&fields, &values, &BTreeSet::new()).unwrap_or_else(|e| panic!("{e:?}"));
            let secrets = secret_fields(e.secret, &e.name);
            let values: madconnect_model::ConfigValues =
                secrets.iter().filter_map(|f| sample_value(f, "brand-a").map(|v| (f.id.clone(), v))).collect();
            madconnect_model::validate::validate_config(&secrets, &values, &BTreeSet::new()).unwrap_or_else(|e| panic!("{e:?}"));
        }
    }
}
