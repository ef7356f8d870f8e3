//! `ce2 serve`: the HTTP service over the embedded store.
//!
//! * yente's API, in yente's shapes, so that its clients work unchanged ([`yente`]):
//!   `POST /match/{dataset}`, `GET /search/{dataset}`, `GET /entities/{id}`, `/catalog`,
//!   `/algorithms`, `/healthz`, `/readyz`;
//! * ce2's own ([`own`]): batch screening of a CSV, streamed back; decisions; datasets, their
//!   versions and diffs; the audit log;
//! * `GET /openapi.json`, generated from the handlers' annotations;
//! * the web page analysts use, at `/`, served from the binary and working offline ([`ui`]).
//!
//! Access ([`auth`]): API keys with roles, sent as `Authorization: ApiKey <key>`; anonymous
//! read-only use only on loopback while the store has no key. Every screening request and
//! every decision is written to the append-only audit log before it is answered. Errors are
//! JSON with a stable code ([`error`] has the table). The lists are held as one snapshot,
//! swapped whole when the store has new versions, so that no request is dropped or answered
//! from half-updated lists.

pub mod auth;
pub mod error;
pub mod own;
pub mod state;
pub mod ui;
pub mod yente;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::ApiError;
pub use state::{AppState, Config};

/// The OpenAPI description's fixed parts; the paths come from the handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ce2",
        description = "Sanctions screening over the UN, EU, US and UK lists: yente's API, with API keys, an audit log and decisions. Send `Authorization: ApiKey <key>`.",
    ),
    components(schemas(error::ErrorBody, error::ErrorDetail)),
    tags(
        (name = "yente", description = "yente-compatible screening and retrieval"),
        (name = "ce2", description = "batch screening, decisions, versions, diffs, audit"),
        (name = "system", description = "health"),
    )
)]
struct ApiDoc;

/// The routes and the OpenAPI document they describe.
pub fn router(state: Arc<AppState>) -> Router {
    let max_body = state.config.max_body;
    let max_batch = state.config.max_batch_body;
    let timeout = state.config.timeout;
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(yente::match_entities))
        .routes(routes!(yente::search))
        .routes(routes!(yente::entity))
        .routes(routes!(yente::catalog))
        .routes(routes!(yente::algorithms))
        .routes(routes!(yente::healthz))
        .routes(routes!(yente::readyz))
        .routes(routes!(own::decide, own::decisions))
        .routes(routes!(own::datasets))
        .routes(routes!(own::versions))
        .routes(routes!(own::diff))
        .routes(routes!(own::audit))
        .layer(DefaultBodyLimit::max(max_body))
        .split_for_parts();
    let batch = OpenApiRouter::new()
        .routes(routes!(own::batch))
        .layer(DefaultBodyLimit::max(max_batch));
    let (batch, batch_doc) = batch.split_for_parts();
    let mut openapi = openapi;
    openapi.merge(batch_doc);
    let openapi = Arc::new(openapi);
    api.merge(batch)
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let doc = openapi.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .merge(ui::routes())
        .fallback(|| async { ApiError::not_found("no such route") })
        .layer(axum::middleware::map_response(bare_errors))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .with_state(state)
}

/// Errors raised below the handlers (a body over the limit, a timeout, a wrong method) carry
/// no JSON; give them the same shape and codes as every other error.
async fn bare_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the body is larger than allowed"),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took longer than allowed"),
        StatusCode::METHOD_NOT_ALLOWED => ("bad_request", "this route does not take that method"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "send JSON"),
        StatusCode::NOT_FOUND => ("not_found", "not found"),
        s if s.is_server_error() => ("store_error", "internal error"),
        _ => ("bad_request", "bad request"),
    };
    ApiError::new(status, code, message).into_response()
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] ce2_store::Error),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

/// Serve until `shutdown` resolves: bind, answer `/healthz` at once and everything else once
/// the lists are loaded, check the store for new versions every few seconds, and on shutdown
/// stop accepting and let requests in flight finish (up to 30 s). `on_bound` is told the
/// address actually bound (port 0 picks a free one).
pub async fn serve(
    mut config: Config,
    listen: SocketAddr,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    on_bound: impl FnOnce(SocketAddr) + Send,
) -> Result<(), ServeError> {
    config.loopback = listen.ip().is_loopback();
    let state = AppState::new(config)?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: listen,
            source,
        })?;
    let bound = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: listen,
        source,
    })?;
    on_bound(bound);
    // Load the lists, then keep checking for new versions.
    let watcher = state.clone();
    tokio::spawn(async move {
        loop {
            let s = watcher.clone();
            match tokio::task::spawn_blocking(move || s.reload()).await {
                Ok(Err(e)) => eprintln!("ce2 serve: reloading the lists failed: {e}"),
                Err(e) => eprintln!("ce2 serve: reloading the lists failed: {e}"),
                Ok(Ok(_)) => {}
            }
            tokio::time::sleep(watcher.config.reload_every).await;
        }
    });
    let header_timeout = state.config.header_timeout;
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(app.clone());
                let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                // A client that sends its headers too slowly is cut off: it cannot hold a
                // connection open for nothing.
                builder
                    .http1()
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_timeout);
                let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
                let conn = graceful.watch(conn.into_owned());
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(30)) => {}
    }
    Ok(())
}
