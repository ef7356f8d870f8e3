//! The web page analysts use: one HTML page, its script and its style sheet, compiled into the
//! binary. No CDN, no external font: it works on a machine with no network but the service.

use std::sync::Arc;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

const INDEX: &str = include_str!("../ui/index.html");
const SCRIPT: &str = include_str!("../ui/app.js");
const STYLE: &str = include_str!("../ui/style.css");

/// `/`, `/ui/app.js`, `/ui/style.css`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                        (
                            header::CONTENT_SECURITY_POLICY,
                            "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:",
                        ),
                    ],
                    INDEX,
                )
                    .into_response()
            }),
        )
        .route(
            "/ui/app.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT) }),
        )
        .route(
            "/ui/style.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }),
        )
}
