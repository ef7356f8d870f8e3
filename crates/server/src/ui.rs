//! The web page analysts use: one HTML page, its script and its style sheet, compiled into the
//! binary. No CDN, no external font: it works on a machine with no network but the service.
//! The page may load nothing but these files and call nothing but this service (its content
//! security policy), and may not be framed by another site.

use std::sync::Arc;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

const INDEX: &str = include_str!("../ui/index.html");
const SCRIPT: &str = include_str!("../ui/app.js");
const STYLE: &str = include_str!("../ui/style.css");

/// The page's content security policy: scripts, styles and requests from this service only,
/// no inline script or style, no plug-ins, no framing.
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn file(content_type: &'static str, body: &'static str) -> axum::response::Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            // The files change with the binary: always ask again, so that an upgrade shows.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// `/`, `/ui/app.js`, `/ui/style.css`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/",
            get(|| async { file("text/html; charset=utf-8", INDEX) }),
        )
        .route(
            "/ui/app.js",
            get(|| async { file("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/ui/style.css",
            get(|| async { file("text/css; charset=utf-8", STYLE) }),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The policy forbids inline script and style: the files must need neither, and must
    /// load nothing from elsewhere.
    #[test]
    fn the_page_needs_no_inline_code_and_nothing_external() {
        assert!(!CSP.contains("unsafe"));
        for (name, text) in [
            ("index.html", INDEX),
            ("app.js", SCRIPT),
            ("style.css", STYLE),
        ] {
            assert!(!text.contains("style=\""), "{name} has an inline style");
            assert!(!text.contains("<style"), "{name} has a style element");
            assert!(!text.contains("://"), "{name} names another site");
            assert!(!text.contains("@import"), "{name} imports a style sheet");
        }
        assert!(
            !INDEX.contains("<script>"),
            "index.html has an inline script"
        );
        // An attribute such as onclick="…" is inline script too.
        let handler = INDEX.split(" on").skip(1).find(|rest| {
            let name: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
            !name.is_empty() && rest[name.len()..].starts_with('=')
        });
        assert!(handler.is_none(), "index.html has an inline event handler");
        assert!(INDEX.contains(r#"<script src="/ui/app.js" defer></script>"#));
        assert!(INDEX.contains(r#"<link rel="stylesheet" href="/ui/style.css">"#));
    }
}
