//! A server nobody watches: its stderr a pipe nobody reads, or closed, and signals that come at any instant. It
//! keeps answering, counts the log lines it could not write, and SIGTERM still drains it to a clean exit, every
//! request in flight answered, long-poll waits included.

use std::{
    io::{Read, Write},
    net::TcpStream,
    process::{Child, ChildStderr, Command, ExitStatus, Stdio},
    thread,
    time::{Duration, Instant},
};

#[allow(
    dead_code,
    reason = "this binary uses the spawning and the response reader, not the seed requests"
)]
mod process;

use process::BINARY;

/// Where the server's stderr goes.
enum Stderr {
    /// A pipe the test holds open and never reads.
    Unread,
    /// A pipe whose reading end is closed at once (as `spaceport 2>&1 | head -3` leaves it): writes fail.
    ReaderGone,
    /// No stderr at all (`2>&-`).
    Closed,
}

/// A running binary: the child, its base URL, and the unread end of its stderr when there is one.
struct Server {
    child: Child,
    base: String,
    _stderr: Option<ChildStderr>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on a free port, logging at the default level (a line per request), its stderr as `stderr`.
fn start(stderr: Stderr) -> Server {
    let mut command = match stderr {
        Stderr::Closed => {
            let mut shell = Command::new("sh");
            shell.args(["-c", "exec \"$0\" \"$@\" 2>&-", BINARY, "--port", "0"]);
            shell
        }
        Stderr::Unread | Stderr::ReaderGone => {
            let mut binary = Command::new(BINARY);
            binary.args(["--port", "0"]).stderr(Stdio::piped());
            binary
        }
    };
    let (mut child, base) = process::listening(&mut command);
    let kept = match stderr {
        Stderr::Unread => child.stderr.take(),
        Stderr::ReaderGone => {
            drop(child.stderr.take());
            None
        }
        Stderr::Closed => None,
    };
    Server {
        child,
        base,
        _stderr: kept,
    }
}

/// One response read off a keep-alive connection: its status line and its body.
fn response(stream: &mut impl Read) -> (String, String) {
    let (head, body) = process::response(stream);
    (head.lines().next().unwrap_or_default().to_owned(), body)
}

/// Sends `count` `GET /v2/info` on one connection and counts the 200s.
fn answered(base: &str, count: usize) -> usize {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    let request = format!("GET /v2/info HTTP/1.1\r\nHost: {address}\r\n\r\n");
    (0..count)
        .filter(|_| {
            stream.write_all(request.as_bytes()).expect("a request is sent");
            response(&mut stream).0 == "HTTP/1.1 200 OK"
        })
        .count()
}

/// `spaceport_log_lines_dropped_total` now.
fn dropped_lines(base: &str) -> u64 {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(stream, "GET /metrics HTTP/1.1\r\nHost: {address}\r\n\r\n").expect("a request is sent");
    let (status, body) = response(&mut stream);
    assert_eq!(status, "HTTP/1.1 200 OK");
    body.lines()
        .find_map(|line| line.strip_prefix("spaceport_log_lines_dropped_total "))
        .and_then(|value| value.trim().parse().ok())
        .expect("the dropped-lines counter")
}

/// Sends SIGTERM and waits (10 s at most) for the exit.
fn terminate(server: &mut Server) -> ExitStatus {
    let sent = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().expect("the child can be waited on") {
            return status;
        }
        assert!(Instant::now() < deadline, "still running 10 s after SIGTERM");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_server_whose_stderr_nobody_reads_answers_20000_requests_and_counts_the_lines_it_dropped() {
    let mut server = start(Stderr::Unread);

    let answered = answered(&server.base, 20_000);
    let dropped = dropped_lines(&server.base);
    let status = terminate(&mut server);

    assert_eq!(answered, 20_000);
    assert!(
        dropped > 0,
        "a 64 KiB pipe and a bounded queue cannot hold 20,000 lines"
    );
    assert!(status.success(), "{status}");
}

#[test]
fn a_server_whose_stderr_is_closed_answers_and_exits_0_on_sigterm() {
    // A closed descriptor fails no write (the standard library takes EBADF as success); a gone reader fails each.
    for (name, stderr, writes_fail) in [
        ("reader gone", Stderr::ReaderGone, true),
        ("closed", Stderr::Closed, false),
    ] {
        let mut server = start(stderr);

        let answered = answered(&server.base, 200);
        let dropped = dropped_lines(&server.base);
        let status = terminate(&mut server);

        assert_eq!(answered, 200, "{name}");
        if writes_fail {
            assert!(dropped > 0, "{name}: every failed write is counted");
        }
        assert!(status.success(), "{name}: {status}");
    }
}

#[test]
fn sigterm_the_instant_after_the_listening_line_drains_and_exits_0() {
    for _ in 0..5 {
        let mut server = start(Stderr::Unread);

        let status = terminate(&mut server);

        assert!(status.success(), "{status}");
    }
}

#[test]
fn a_wait_in_flight_at_sigterm_is_answered_with_what_it_has_then_the_process_exits_0() {
    let mut server = start(Stderr::Unread);
    assert_eq!(answered(&server.base, 1), 1);
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut waiting = TcpStream::connect(&address).expect("connects");
    waiting
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    write!(
        waiting,
        "GET /__spaceport/requests/wait?count=5&timeout_ms=60000 HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .expect("the wait is sent");
    thread::sleep(Duration::from_millis(300));

    let status = terminate(&mut server);
    let (line, body) = response(&mut waiting);

    assert_eq!(line, "HTTP/1.1 408 Request Timeout");
    let body: serde_json::Value = serde_json::from_str(&body).expect("a JSON body");
    assert_eq!(body["requests"].as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!(body["requests"][0]["operation"], "getInfo", "{body}");
    assert!(status.success(), "{status}");
}
