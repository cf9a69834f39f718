//! The binary as a harness starts and stops it: `--port 0` binds a free port that every absolute link names, one
//! listening line on stdout and the ready file once serving, every start-up failure one line on stderr with a
//! non-zero exit code, and SIGINT or SIGTERM draining the requests in flight before a clean exit.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    process::{Child, Command, Stdio},
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

#[allow(
    dead_code,
    reason = "this binary reads responses with it and starts the binary its own way"
)]
mod process;
use serde_json::Value;

const BINARY: &str = env!("CARGO_BIN_EXE_spaceport");

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary with `args` and waits for its listening line.
fn start(args: &[&str]) -> Server {
    let mut child = Command::new(BINARY)
        .args(args)
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let (send, lines) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if send.send(line.expect("stdout is UTF-8")).is_err() {
                break;
            }
        }
    });
    let line = lines
        .recv_timeout(Duration::from_secs(60))
        .expect("a listening line within a minute");
    let base = line
        .strip_prefix("spaceport listening on ")
        .unwrap_or_else(|| panic!("not the listening line: {line}"))
        .to_owned();
    assert!(
        lines.recv_timeout(Duration::from_millis(200)).is_err(),
        "the listening line is the only line on stdout"
    );
    Server { child, base }
}

/// Runs the binary with `args` until it exits: its exit code and stderr's lines.
fn fail(args: &[&str]) -> (i32, Vec<String>) {
    let output = Command::new(BINARY)
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    let lines = stderr
        .lines()
        .filter(|line| !line.contains(" INFO "))
        .map(str::to_owned)
        .collect();
    (output.status.code().unwrap_or(-1), lines)
}

/// The JSON payload of a JWT.
fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT has a payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON")
}

#[actix_web::test]
async fn port_0_binds_a_free_port_that_every_absolute_link_names() {
    let ready = std::env::temp_dir().join(format!("spaceport-ready-{}", std::process::id()));
    let server = start(&["--port", "0", "--ready-file", ready.to_str().expect("UTF-8 path")]);
    let client = awc::Client::default();
    let get = |path: &str| client.get(format!("{}{path}", server.base));

    let written = std::fs::read_to_string(&ready).expect("the ready file is written");
    let root: Value = get("/").send().await.expect("answers").json().await.expect("JSON");
    let info: Value = get("/v2/info")
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    let token: Value = client
        .post(format!("{}/oauth/token", server.base))
        .insert_header(("Authorization", "Basic Y2Y6"))
        .send_form(&[("grant_type", "password"), ("username", "admin"), ("password", "admin")])
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    let created = client
        .post(format!("{}/v1/spaces.json", server.base))
        .insert_header(("Authorization", "Bearer t"))
        .send_form(&[("space[name]", "n")])
        .await
        .expect("answers");
    let ready_probe = get("/readyz").send().await.expect("answers");

    let port = server.base.rsplit(':').next().expect("a port");
    assert!(
        server.base.starts_with("http://127.0.0.1:") && port != "0",
        "{}",
        server.base
    );
    assert_eq!(written, format!("{}\n", server.base));
    assert_eq!(root["links"]["self"]["href"], Value::from(server.base.clone()));
    assert_eq!(
        root["links"]["cloud_controller_v2"]["href"],
        Value::from(format!("{}/v2", server.base))
    );
    assert_eq!(info["authorization_endpoint"], Value::from(server.base.clone()));
    assert_eq!(info["token_endpoint"], Value::from(server.base.clone()));
    let issuer = claims(token["access_token"].as_str().expect("an access token"))["iss"].clone();
    assert_eq!(issuer, Value::from(format!("{}/oauth/token", server.base)));
    assert_eq!(created.status().as_u16(), 201);
    let location = created
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a location");
    assert!(
        location.starts_with(&format!("{}/v1/spaces/", server.base)),
        "{location}"
    );
    assert_eq!(ready_probe.status().as_u16(), 200);
    let _ = std::fs::remove_file(&ready);
}

#[actix_web::test]
async fn a_host_name_binds_and_names_the_links_and_the_clock_can_be_fixed_alone() {
    let server = start(&[
        "--host",
        "localhost",
        "--port",
        "0",
        "--fixed-time",
        "2030-01-02T03:04:05Z",
    ]);
    let client = awc::Client::default();

    let mut reply = client
        .post(format!("{}/v2/organizations", server.base))
        .insert_header(("Authorization", "bearer spaceport-admin-token"))
        .send_body(r#"{"name":"fixed"}"#)
        .await
        .expect("answers");
    let body: Value = reply.json().await.expect("JSON");

    assert!(server.base.starts_with("http://localhost:"), "{}", server.base);
    assert_eq!(reply.status().as_u16(), 201);
    assert_eq!(body["metadata"]["created_at"], Value::from("2030-01-02T03:04:05Z"));
}

#[test]
fn every_start_up_failure_is_one_line_and_a_non_zero_exit() {
    let dir = std::env::temp_dir().join(format!("spaceport-startup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let file = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("written");
        path.to_str().expect("UTF-8 path").to_owned()
    };
    let missing_field = file(
        "missing.yaml",
        "cloud_foundry:\n  organizations:\n    - {guid: a, name: b}\n    - {guid: c}\n",
    );
    let taken = file(
        "taken.yaml",
        "cloud_foundry:\n  organizations:\n    - {guid: a, name: b}\n    - {guid: c, name: B}\n",
    );
    let unknown_user = file("user.yaml", "cloud_foundry:\n  tokens: [{value: t, user: nobody}]\n");
    let occupied = TcpListener::bind("127.0.0.1:0").expect("a port to occupy");
    let busy = occupied.local_addr().expect("bound").port().to_string();
    let nowhere = dir.join("no/such/dir/ready").to_str().expect("UTF-8 path").to_owned();
    let not_a_folder = file("not-a-folder", "");
    let closed = TcpListener::bind("127.0.0.1:0").expect("a port to close");
    let refusing = closed.local_addr().expect("bound").port();
    drop(closed);
    let database = format!("postgres://spaceport:secret@127.0.0.1:{refusing}/worlds");
    let cases: Vec<(Vec<&str>, i32, String)> = vec![
        (
            vec!["--port", "99999"],
            2,
            "spaceport: invalid value '99999' for '--port <PORT>': 99999 is not in 0..=65535 (see --help)".into(),
        ),
        (
            vec!["--workers", "0"],
            2,
            "spaceport: invalid value '0' for '--workers <WORKERS>': 0 is not in 1..=65535 (see --help)".into(),
        ),
        (
            vec!["--fixtures", "/no/such/fixtures.yaml"],
            1,
            "spaceport: cannot read the fixtures file /no/such/fixtures.yaml: No such file or directory (os error 2)"
                .into(),
        ),
        (
            vec!["--fixtures", &missing_field],
            1,
            format!(
                "spaceport: fixtures {missing_field}: the fixtures are not valid: cloud_foundry.organizations[1]: \
                 missing field `name` at line 4 column 7"
            ),
        ),
        (
            vec!["--fixtures", &taken, "--port", "0"],
            1,
            format!(
                "spaceport: fixtures {taken}: /cloud_foundry/organizations/1/name: the name (ignoring case) `B` is \
                 taken by /cloud_foundry/organizations/0/name"
            ),
        ),
        (
            vec!["--fixtures", &unknown_user, "--port", "0"],
            1,
            format!(
                "spaceport: fixtures {unknown_user}: /cloud_foundry/tokens/0/user: no user has the user name `nobody`"
            ),
        ),
        (
            vec!["--port", &busy],
            1,
            format!("spaceport: cannot listen on 127.0.0.1:{busy}: Address already in use (os error 98)"),
        ),
        (
            vec!["--port", "0", "--ready-file", &nowhere],
            1,
            format!("spaceport: cannot write the ready file {nowhere}: No such file or directory (os error 2)"),
        ),
        (
            vec!["--port", "0", "--data-dir", &not_a_folder],
            1,
            format!(
                "spaceport: cannot open the store {not_a_folder}: the store could not answer: File exists (os error 17)"
            ),
        ),
        (
            vec!["--port", "0", "--database-url", &database],
            1,
            "spaceport: cannot open the store postgres 127.0.0.1 database worlds: the store could not answer: error \
             connecting to server: Connection refused (os error 111)"
                .into(),
        ),
        (
            vec!["--data-dir", &not_a_folder, "--database-url", &database],
            2,
            "spaceport: the argument '--data-dir <DATA_DIR>' cannot be used with '--database-url <DATABASE_URL>' \
             (see --help)"
                .into(),
        ),
    ];

    for (args, code, message) in cases {
        let (exit, lines) = fail(&args);

        assert_eq!((exit, lines), (code, vec![message]), "{args:?}");
    }
    drop(occupied);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The Cloud Foundry docs' example token.
const CF_SEED_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoidWFhLWlkLTQwIiwiZW1haWwiOiJlbWFpbC00MEBzb21lZG9tYWluLmNvbSIsInNjb3BlIjpbImNsb3VkX2NvbnRyb2xsZXIuYWRtaW4iXSwiYXVkIjpbImNsb3VkX2NvbnRyb2xsZXIiXSwiZXhwIjoxMzk3NDk5NTUwfQ._q3xyMRlwxGQ0W4BUO4YagDcklzbTeMFvJsOdyQOcgI";
/// The Onezone docs' example space-creation token.
const ONEZONE_SEED_TOKEN: &str = "JKAxNWxvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgOEhmSEFSSGdrbHFCa1pWSTRsNk1CVHZTU3Z0OThwcHA2OTQ4czhRN1NPawowMDFhY2lkIHRpbWUgPCAxNDk2MTQwMTQ0CjAwMmZzaWduYXR1cmUg88OIBmav38YI0Z2-dw-fvrZ3XP-J0HjCN0taT3_WungK";

/// The request sequence of the reproducibility test: the three APIs' seed requests, reads, and errors, each
/// `(method, path, headers, body)`.
fn reproducible_requests() -> Vec<(&'static str, &'static str, Vec<String>, String)> {
    let cf = format!("Authorization: bearer {CF_SEED_TOKEN}");
    let form = "Content-Type: application/x-www-form-urlencoded".to_owned();
    let cf_seed = r#"{"name":"development","organization_guid":"guid-e6a9f1c9-e2dd-43b7-888b-dd04ad8fd826","organization_guid":"c8412aa5-d3c0-4f4d-803e-c90b12a0c352"}"#;
    let onezone_seed = format!(r#"{{"name" : "My Private space", "token" : "{ONEZONE_SEED_TOKEN}", "size" : 150}}"#);
    let json = "Content-Type: application/json".to_owned();
    let provider = "X-Auth-Token: provider-1".to_owned();
    let assembla = "Authorization: Bearer t".to_owned();
    vec![
        ("POST", "/v2/spaces", vec![cf.clone(), form.clone()], cf_seed.to_owned()),
        (
            "POST",
            "/v1/spaces.xml",
            vec![assembla.clone(), form.clone()],
            "space[name]=dsa".to_owned(),
        ),
        (
            "POST",
            "/v1/spaces.json",
            vec![assembla.clone(), form],
            "space[name]=dsa".to_owned(),
        ),
        (
            "POST",
            "/api/v3/onezone/provider/spaces",
            vec![provider.clone(), json.clone()],
            onezone_seed,
        ),
        ("GET", "/v2/spaces", vec![cf.clone()], String::new()),
        ("GET", "/v1/spaces.json", vec![assembla], String::new()),
        ("GET", "/provider/spaces", vec![provider.clone()], String::new()),
        ("GET", "/v2/spacez", vec![cf.clone()], String::new()),
        ("POST", "/v2/spaces", vec![cf, json.clone()], "{not json".to_owned()),
        ("GET", "/v2/spaces", Vec::new(), String::new()),
        (
            "POST",
            "/provider/spaces",
            vec![provider, json],
            r#"{"name": "x"}"#.to_owned(),
        ),
        ("HEAD", "/v2/info", Vec::new(), String::new()),
    ]
}

/// Sends each request on a connection of its own and reads its whole answer, bytes as they came.
fn transcript(base: &str) -> Vec<Vec<u8>> {
    use std::io::{Read, Write};
    let address = base.strip_prefix("http://").expect("an http URL");
    reproducible_requests()
        .into_iter()
        .map(|(method, path, headers, body)| {
            let mut stream = std::net::TcpStream::connect(address).expect("the server accepts");
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .expect("a timeout");
            let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
            for header in headers {
                request.push_str(&header);
                request.push_str("\r\n");
            }
            request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
            stream.write_all(request.as_bytes()).expect("the request is sent");
            let mut answer = Vec::new();
            stream.read_to_end(&mut answer).expect("the answer is read");
            answer
        })
        .collect()
}

#[test]
fn two_seeded_fixed_time_runs_answer_byte_identically() {
    // Both runs on one port, so that the links that name it are the same.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|probe| probe.local_addr())
        .expect("a free port")
        .port()
        .to_string();
    let args = ["--port", &port, "--seed", "7", "--fixed-time", "2024-01-01T00:00:00Z"];
    let first = transcript(&start(&args).base);
    let second = transcript(&start(&args).base);

    for (at, (a, b)) in first.iter().zip(&second).enumerate() {
        assert_eq!(
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b),
            "answer {at} differs"
        );
    }
    let statuses: Vec<&str> = first
        .iter()
        .map(|answer| std::str::from_utf8(&answer[9..12]).expect("a status code"))
        .collect();
    assert_eq!(
        statuses,
        [
            "201", "201", "201", "201", "200", "200", "200", "404", "400", "401", "400", "404"
        ]
    );
    for answer in &first {
        let text = String::from_utf8_lossy(answer);
        let head = text.split("\r\n\r\n").next().expect("a head");
        let names: Vec<String> = head
            .lines()
            .skip(1)
            .map(|line| line.split(':').next().unwrap_or("").to_ascii_lowercase())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "headers in a fixed order: {head}");
        assert!(names.contains(&"date".to_owned()));
        assert!(head.contains("date: Mon, 01 Jan 2024 00:00:00 GMT"), "{head}");
    }
}

/// One HTTP/1.1 response read off `stream` (its head, then as many body bytes as its `content-length` says),
/// leaving the connection open.
fn one_response(stream: &mut TcpStream) -> String {
    let (head, body) = process::response(stream);
    head + &body
}

#[test]
fn sigint_and_sigterm_drain_a_request_in_flight_then_exit_cleanly() {
    let body = r#"{"name":"drained","organization_guid":"c8412aa5-d3c0-4f4d-803e-c90b12a0c352"}"#;
    let (first, rest) = body.split_at(20);
    for signal in ["-INT", "-TERM"] {
        let mut server = start(&["--port", "0"]);
        let address = server.base.trim_start_matches("http://").to_owned();
        let mut stream = TcpStream::connect(&address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a read timeout");
        // One whole exchange first, so a worker holds the connection (not the accept queue) when the signal comes.
        write!(
            stream,
            "GET /v2/organizations HTTP/1.1\r\nHost: {address}\r\nAuthorization: bearer spaceport-admin-token\r\n\r\n"
        )
        .expect("a first request is sent");
        assert!(
            one_response(&mut stream).starts_with("HTTP/1.1 200 OK\r\n"),
            "{signal}: the first request is answered"
        );
        write!(
            stream,
            "POST /v2/spaces HTTP/1.1\r\nHost: {address}\r\nAuthorization: bearer spaceport-admin-token\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{first}",
            body.len()
        )
        .expect("the head and half the body are sent");
        thread::sleep(Duration::from_millis(300));

        let killed = Command::new("kill")
            .args([signal, &server.child.id().to_string()])
            .status()
            .expect("kill runs");
        thread::sleep(Duration::from_millis(300));
        let refused = TcpStream::connect(&address).is_err();
        stream.write_all(rest.as_bytes()).expect("the rest of the body is sent");
        let mut answer = String::new();
        stream
            .read_to_string(&mut answer)
            .expect("the answer, then the end of the stream");
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = server.child.try_wait().expect("the child can be waited on") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "{signal}: still running 10 s after the answer"
            );
            thread::sleep(Duration::from_millis(50));
        };

        assert!(killed.success(), "{signal}");
        assert!(refused, "{signal}: a new connection is refused once stopping");
        assert!(answer.starts_with("HTTP/1.1 201 Created\r\n"), "{signal}: {answer}");
        let (_, json) = answer.split_once("\r\n\r\n").expect("a head and a body");
        let json: Value = serde_json::from_str(json).expect("a JSON body");
        assert_eq!(json["entity"]["name"], Value::from("drained"), "{signal}");
        assert!(status.success(), "{signal}: {status}");
    }
}
