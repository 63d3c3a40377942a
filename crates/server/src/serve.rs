//! The accept loop: HTTP/1.1 connections through hyper with a header-read deadline, at most
//! `max_connections` at once, each request carrying its peer address, and a graceful stop.

use crate::limits::Limits;
use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

/// Serves `app` on `listener` until `shutdown` resolves, then lets in-flight requests finish.
///
/// hyper's header-read timeout starts whenever the server waits for a request head: on a new
/// connection and on a kept-alive one between requests. So it bounds both a half-sent request
/// and an idle connection.
pub async fn serve(listener: TcpListener, app: Router, limits: &Limits, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS) as u32;
    let slots = Arc::new(Semaphore::new(max as usize));
    let mut http = hyper::server::conn::http1::Builder::new();
    // Room above the router's own header limits, so most oversize requests get its envelope.
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true).max_headers(crate::layers::MAX_HEADERS * 2);
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        // Beyond the cap, new connections wait in the listen backlog until one closes.
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => p.map_err(std::io::Error::other)?,
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let svc = tower::ServiceExt::map_request(app.clone(), move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let conn = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(svc));
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = async { let _ = stop.wait_for(|s| *s).await; } => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(permit);
        });
    }
    let _ = stop_tx.send(true);
    // Every connection holds a slot until it closes: having them all back means all are done.
    let _all = slots.acquire_many(max).await;
    Ok(())
}
