//! Heads and bodies at their limits: a body that stops arriving is answered 408 in its API's own envelope once its
//! time runs out, and its connection is closed (on real sockets); a slow body that keeps the minimum rate gets
//! through; a head over the header limit is 431 in the API's envelope, and one past actix-http's own limit 431
//! with no body.

use std::{
    io::{ErrorKind, Read, Write},
    net::TcpStream,
    thread,
    time::{Duration, Instant},
};

use actix_web::test::TestRequest;
use serde_json::{Value, json};
use spaceport::{
    rt::{BodyTimeout, HeaderLimit},
    testing::TestServer,
};

use crate::support::{SEED_ORG, app_with, send, settings};

/// A server whose bodies have 1 s, and a second more per 10 bytes.
fn server() -> TestServer {
    TestServer::start_with(spaceport::app::Settings {
        body_timeout: BodyTimeout {
            initial: Duration::from_secs(1),
            min_rate: 10,
        },
        ..settings()
    })
    .expect("the server starts")
}

/// A connection to `server` whose reads give up after 10 s.
fn connect(server: &TestServer) -> TcpStream {
    let stream = TcpStream::connect(server.url().trim_start_matches("http://")).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    stream
}

/// Sends `head` (its blank line included) and `body`, then reads until the server closes the connection or
/// 10 s pass: what was read, how long it took from the last byte sent, and whether the server closed.
fn exchange(server: &TestServer, head: &str, body: &[u8]) -> (String, Duration, bool) {
    let mut stream = connect(server);
    stream.write_all(head.as_bytes()).expect("the head is sent");
    stream.write_all(body).expect("the body is sent");
    let sent = Instant::now();
    let mut read = Vec::new();
    // The end of the stream, or a reset (a server closing with unread bytes sends one); not a read timeout.
    let closed = match stream.read_to_end(&mut read) {
        Ok(_) => true,
        Err(error) => !matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
    };
    (String::from_utf8_lossy(&read).into_owned(), sent.elapsed(), closed)
}

/// The status line, the headers (lowercase names) and the body of one response.
fn parse(answer: &str) -> (String, Vec<(String, String)>, String) {
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((answer, ""));
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default().to_owned();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

#[test]
fn a_stalled_body_is_answered_408_in_each_apis_envelope_and_its_connection_closed() {
    let server = server();
    let cases: [(&str, &str, &str, Value); 4] = [
        (
            "POST /v2/spaces",
            "Authorization: bearer spaceport-admin-token\r\nContent-Type: application/json",
            "application/json",
            json!({"description": "The request body did not arrive in time", "error_code": "CF-InvalidRequest", "code": 10004}),
        ),
        (
            "POST /v1/spaces.json",
            "Authorization: Bearer t\r\nContent-Type: application/x-www-form-urlencoded",
            "application/json",
            json!({"base": ["request body did not arrive in time"]}),
        ),
        (
            "POST /provider/spaces",
            "X-Auth-Token: spaceport-provider-token\r\nContent-Type: application/json",
            "application/json",
            json!({"error": "invalid_request", "error_description": "the request body did not arrive in time"}),
        ),
        (
            "PUT /__spaceport/state",
            "Content-Type: application/json",
            "application/json",
            json!({"error": "request_timeout", "message": "the body did not arrive in time"}),
        ),
    ];
    for (request, headers, media, envelope) in cases {
        let head = format!("{request} HTTP/1.1\r\nHost: x\r\n{headers}\r\nContent-Length: 100\r\n\r\n");

        let (answer, waited, closed) = exchange(&server, &head, b"{\"name\":");

        let (status, headers, body) = parse(&answer);
        assert_eq!(status, "HTTP/1.1 408 Request Timeout", "{request}: {answer}");
        assert!(
            header(&headers, "content-type").is_some_and(|v| v.starts_with(media)),
            "{request}: {headers:?}"
        );
        assert_eq!(header(&headers, "connection"), Some("close"), "{request}");
        let body: Value = serde_json::from_str(&body).expect("a JSON body");
        for (key, value) in envelope.as_object().expect("an object") {
            assert_eq!(&body[key], value, "{request}: {body}");
        }
        assert!(closed, "{request}: the connection is closed after the answer");
        assert!(
            waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
            "{request}: answered after {waited:?}"
        );
    }
}

#[test]
fn a_chunked_body_that_never_ends_is_cut_off_like_any_other() {
    let server = server();
    let head = "POST /v2/spaces HTTP/1.1\r\nHost: x\r\nAuthorization: bearer spaceport-admin-token\r\n\
                Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

    let (answer, _, closed) = exchange(&server, head, b"5\r\n{\"nam\r\n");

    let (status, headers, body) = parse(&answer);
    assert_eq!(status, "HTTP/1.1 408 Request Timeout", "{answer}");
    assert_eq!(header(&headers, "connection"), Some("close"));
    assert!(body.contains("CF-InvalidRequest"), "{body}");
    assert!(closed);
}

#[test]
fn a_slow_body_that_keeps_the_minimum_rate_gets_through() {
    let server = server();
    let body = format!(r#"{{"name":"slow","organization_guid":"{SEED_ORG}"}}"#);
    let mut stream = connect(&server);
    write!(
        stream,
        "POST /v2/spaces HTTP/1.1\r\nHost: x\r\nAuthorization: bearer spaceport-admin-token\r\n\
         Content-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .expect("the head is sent");

    // 10 bytes every 0.6 s: 2.4 s or more in all, past the 1 s a stalled body gets, and every 10 bytes buy a
    // second more.
    for piece in body.as_bytes().chunks(10) {
        stream.write_all(piece).expect("a piece is sent");
        thread::sleep(Duration::from_millis(600));
    }
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("the answer");

    let (status, _, json) = parse(&answer);
    assert_eq!(status, "HTTP/1.1 201 Created", "{answer}");
    let json: Value = serde_json::from_str(&json).expect("a JSON body");
    assert_eq!(json["entity"]["name"], "slow");
}

#[actix_web::test]
async fn a_head_over_the_header_limit_is_431_in_each_apis_envelope() {
    let (_, app) = app_with(settings()).await;
    let padding = "p".repeat(HeaderLimit::DEFAULT.0);
    let cases: [(&str, &str, Value); 4] = [
        (
            "/v2/info",
            "application/json",
            json!({"description": "The request headers exceed 32768 bytes", "error_code": "CF-InvalidRequest", "code": 10004}),
        ),
        (
            "/v1/spaces.json",
            "application/json; charset=utf-8",
            json!({"base": ["request headers exceed 32768 bytes"]}),
        ),
        (
            "/provider/spaces",
            "application/json",
            json!({"error": "invalid_request", "error_description": "the request headers exceed 32768 bytes"}),
        ),
        (
            "/__spaceport/requests",
            "application/json",
            json!({"error": "headers_too_large", "message": "the request headers exceed 32768 bytes"}),
        ),
    ];
    for (path, media, envelope) in cases {
        let over = TestRequest::get()
            .uri(path)
            .insert_header(("X-Padding", padding.as_str()));
        let under = TestRequest::get()
            .uri(path)
            .insert_header(("X-Padding", &padding[..HeaderLimit::DEFAULT.0 - 1024]));

        let refused = send(&app, over).await;
        let served = send(&app, under).await;

        assert_eq!(refused.status, 431, "{path}");
        assert!(
            refused.header("content-type").is_some_and(|v| v.starts_with(media)),
            "{path}: {:?}",
            refused.headers
        );
        let body = refused.json();
        for (key, value) in envelope.as_object().expect("an object") {
            assert_eq!(&body[key], value, "{path}: {body}");
        }
        assert_ne!(served.status, 431, "{path}");
    }
}

#[test]
fn a_head_past_actix_https_own_limit_is_431_and_closed() {
    let server = server();
    let head = format!(
        "GET /v2/info HTTP/1.1\r\nHost: x\r\nX-Padding: {}\r\n\r\n",
        "p".repeat(140 * 1024)
    );

    let (answer, _, closed) = exchange(&server, &head, b"");

    let (status, _, body) = parse(&answer);
    assert_eq!(status, "HTTP/1.1 431 Request Header Fields Too Large", "{answer}");
    assert_eq!(body, "");
    assert!(closed);
}
