//! Downloading the official lists from their publishers.
//!
//! Requests are conditional (`If-None-Match` / `If-Modified-Since` from the version in the
//! store), so an unchanged list costs one round trip and changes nothing. Downloads are held in
//! memory up to [`MAX_DOWNLOAD`] and handed to the readers; nothing is written until a reader
//! has accepted the whole file.

use std::time::Duration;

use crate::Format;

/// The largest download accepted (the OFAC advanced XML is about 120 MB).
pub const MAX_DOWNLOAD: u64 = 1 << 30;

/// One list and where its publisher puts it.
#[derive(Debug, Clone, Copy)]
pub struct Publisher {
    /// The dataset name in the store.
    pub dataset: &'static str,
    /// A title for people.
    pub title: &'static str,
    /// The format of the files.
    pub format: Format,
    /// The files as (file name, URL); the first one decides whether the list changed.
    pub files: &'static [(&'static str, &'static str)],
}

/// The lists `ce2 update` fetches.
pub const PUBLISHERS: &[Publisher] = &[
    Publisher {
        dataset: "un_sc",
        title: "UN Security Council Consolidated List",
        format: Format::UnXml,
        files: &[(
            "consolidated.xml",
            "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        )],
    },
    Publisher {
        dataset: "us_ofac_sdn",
        title: "OFAC Specially Designated Nationals (SDN) List",
        format: Format::OfacCsv,
        files: &[
            ("sdn.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV"),
            ("add.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV"),
            ("alt.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV"),
            ("sdn_comments.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV"),
        ],
    },
    Publisher {
        dataset: "eu_fsf",
        title: "EU Financial Sanctions Files (consolidated list)",
        format: Format::EuFsfXml,
        files: &[(
            "xmlFullSanctionsList_1_1.xml",
            "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
        )],
    },
    Publisher {
        dataset: "gb_fcdo",
        title: "UK Sanctions List (FCDO)",
        format: Format::UkCsv,
        files: &[(
            "UK-Sanctions-List.csv",
            "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv",
        )],
    },
];

/// A publisher by dataset name.
pub fn publisher(dataset: &str) -> Option<&'static Publisher> {
    PUBLISHERS.iter().find(|p| p.dataset == dataset)
}

/// What the previous download said about itself, for a conditional request.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    pub last_modified: Option<String>,
}

/// A downloaded list.
#[derive(Debug, Clone)]
pub struct Download {
    /// The files as (name, URL, bytes), in the publisher's order.
    pub files: Vec<(String, String, Vec<u8>)>,
    /// The validators of the first file, to store with the version.
    pub validators: Validators,
}

/// The result of a fetch.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// The publisher says the list has not changed since the validators were issued.
    NotModified,
    /// A new download.
    New(Download),
}

/// Why a fetch failed. Nothing is changed in any case.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The publisher cannot be reached (offline, DNS, TLS, timeout).
    #[error("cannot reach {url}: {reason}")]
    Unreachable {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The publisher answered with an error status.
    #[error("{url} answered HTTP {status}")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The download is larger than [`MAX_DOWNLOAD`] or broke off.
    #[error("{url}: {reason}")]
    Body {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
}

impl FetchError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::Unreachable { .. } => "unreachable",
            FetchError::Status { .. } => "http_status",
            FetchError::Body { .. } => "bad_download",
        }
    }
}

/// The environment variable that redirects every publisher URL to another origin (scheme, host
/// and port), keeping the path: for a mirror inside a closed network, and for tests against a
/// server on loopback.
pub const ORIGIN_ENV: &str = "CE2_PUBLISHER_ORIGIN";

/// The URL to request for a publisher's URL, after [`ORIGIN_ENV`].
pub fn effective_url(url: &str) -> String {
    match std::env::var(ORIGIN_ENV) {
        Ok(origin) if !origin.is_empty() => {
            let path = url
                .split_once("://")
                .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
                .unwrap_or("/");
            format!("{}{path}", origin.trim_end_matches('/'))
        }
        _ => url.to_string(),
    }
}

/// The date of an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT` gives `2026-10-21`): the best
/// publication date a file without one of its own (OFAC's CSV) can have.
pub fn http_date(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split_whitespace().collect();
    let day_month_year = parts.get(1..4)?.join(" ");
    ce2_model::types::clean_date(&day_month_year).ok()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(15)))
        .timeout_global(Some(Duration::from_secs(600)))
        .http_status_as_error(false)
        .user_agent(concat!("ce2/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn get(
    agent: &ureq::Agent,
    url: &str,
    validators: Option<&Validators>,
) -> Result<Option<(Vec<u8>, Validators)>, FetchError> {
    let mut request = agent.get(url);
    if let Some(v) = validators {
        if let Some(etag) = &v.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(lm) = &v.last_modified {
            request = request.header("If-Modified-Since", lm);
        }
    }
    let response = request.call().map_err(|e| FetchError::Unreachable {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    let status = response.status().as_u16();
    if status == 304 {
        return Ok(None);
    }
    if !(200..300).contains(&status) {
        return Err(FetchError::Status {
            url: url.to_string(),
            status,
        });
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let got = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let body = response
        .into_body()
        .with_config()
        .limit(MAX_DOWNLOAD)
        .read_to_vec()
        .map_err(|e| FetchError::Body {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
    Ok(Some((body, got)))
}

/// Download a publisher's files. With validators from the previous version, an unchanged list
/// gives [`Fetched::NotModified`].
pub fn fetch(publisher: &Publisher, previous: Option<&Validators>) -> Result<Fetched, FetchError> {
    let agent = agent();
    let mut files = Vec::new();
    let mut validators = Validators::default();
    for (i, (name, url)) in publisher.files.iter().enumerate() {
        let conditional = if i == 0 { previous } else { None };
        let url = effective_url(url);
        match get(&agent, &url, conditional)? {
            None => return Ok(Fetched::NotModified),
            Some((body, v)) => {
                if i == 0 {
                    validators = v;
                }
                files.push((name.to_string(), url, body));
            }
        }
    }
    Ok(Fetched::New(Download { files, validators }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_give_publication_dates() {
        assert_eq!(
            http_date("Wed, 21 Oct 2026 07:28:00 GMT").as_deref(),
            Some("2026-10-21")
        );
        assert_eq!(http_date("garbage"), None);
    }
}
