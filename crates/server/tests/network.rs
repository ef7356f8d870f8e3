//! The service on a real socket: a client that sends its headers too slowly is cut off while
//! others are served, and the service stops when told to.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use ce2_server::Config;
use ce2_store::Store;

#[test]
fn a_slow_client_is_cut_off_and_others_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    drop(Store::open(&path).unwrap());
    let mut config = Config::new(path);
    config.header_timeout = Duration::from_millis(500);
    let (bound_tx, bound_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(ce2_server::serve(
            config,
            "127.0.0.1:0".parse().unwrap(),
            async {
                let _ = stop_rx.await;
            },
            move |addr| bound_tx.send(addr).unwrap(),
        ))
    });
    let addr = bound_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    // The slow client: half a request line, then nothing.
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"GET /healthz HT").unwrap();
    // Meanwhile another client is answered.
    let mut quick = TcpStream::connect(addr).unwrap();
    quick
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    quick.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // The slow one is closed by the server soon after the header timeout.
    slow.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let read = slow.read_to_end(&mut rest);
    assert!(
        read.is_ok(),
        "the server did not close the slow connection: {read:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    stop_tx.send(()).unwrap();
    server.join().unwrap().unwrap();
}
