//! The binary as a separate process, for the tests that kill or multiply it: start it, send it one request per
//! connection.

use std::{
    ffi::OsStr,
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    process::{Child, Command, Stdio},
    time::Duration,
};

use serde_json::Value;

/// The binary under test.
pub const BINARY: &str = env!("CARGO_BIN_EXE_spaceport");

/// The seed's bearer token (lenient mode accepts it) and the fixtures' organization it creates spaces in.
pub const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoidWFhLWlkLTQwIiwiZW1haWwiOiJlbWFpbC00MEBzb21lZG9tYWluLmNvbSIsInNjb3BlIjpbImNsb3VkX2NvbnRyb2xsZXIuYWRtaW4iXSwiYXVkIjpbImNsb3VkX2NvbnRyb2xsZXIiXSwiZXhwIjoxMzk3NDk5NTUwfQ._q3xyMRlwxGQ0W4BUO4YagDcklzbTeMFvJsOdyQOcgI";
pub const ORG: &str = "c8412aa5-d3c0-4f4d-803e-c90b12a0c352";

/// Starts the binary on a free port with `args`; the child and its base URL once it listens.
pub fn start<S: AsRef<OsStr>>(args: &[S]) -> (Child, String) {
    let mut command = Command::new(BINARY);
    command.args(["--port", "0"]).args(args).stderr(Stdio::null());
    listening(&mut command)
}

/// Spawns `command` (the binary, or a shell that execs it) with stdout piped and `RUST_LOG` unset; the child and
/// its base URL once its listening line is read.
pub fn listening(command: &mut Command) -> (Child, String) {
    let mut child = command
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut line)
        .expect("a listening line");
    let base = line
        .trim()
        .strip_prefix("spaceport listening on ")
        .unwrap_or_else(|| panic!("not the listening line: {line}"))
        .to_owned();
    (child, base)
}

/// One response read off a keep-alive connection (a `content-length` body): its head and its body.
#[allow(dead_code, reason = "each test binary that includes this module uses a part of it")]
pub fn response(stream: &mut impl Read) -> (String, String) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("a response head");
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).expect("a UTF-8 head");
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length: "))
        .and_then(|length| length.trim().parse().ok())
        .expect("a content-length");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("the body");
    (head, String::from_utf8(body).expect("a UTF-8 body"))
}

/// One request with the seed token on a connection of its own: the status and the JSON body (`null` if none),
/// or `None` if the server went away first.
pub fn send(base: &str, method: &str, path: &str, content_type: &str, body: &str) -> Option<(u16, Value)> {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: bearer {TOKEN}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8(response).ok()?;
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, serde_json::from_str(body).unwrap_or(Value::Null)))
}
