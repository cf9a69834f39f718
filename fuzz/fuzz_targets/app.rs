//! Any request to the whole app: the input's first line is `METHOD TARGET`, each next line up to an empty one a
//! `name: value` header, and the rest the body. Lines that do not parse are skipped, so every input is a request.
#![no_main]

use actix_web::{http::Method, test::TestRequest};
use libfuzzer_sys::fuzz_target;
use spaceport_fuzz::call;

fuzz_target!(|input: &[u8]| {
    let (head, body) = match input.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&input[..at], &input[at + 2..]),
        None => (input, &[][..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let (method, target) = lines
        .next()
        .and_then(|line| line.split_once(' '))
        .unwrap_or(("GET", "/"));
    let Ok(method) = Method::from_bytes(method.as_bytes()) else {
        return;
    };
    let Ok(uri) = target.parse::<actix_web::http::Uri>() else {
        return;
    };
    let mut request = TestRequest::default().method(method).uri(&uri.to_string());
    for line in lines {
        if let Some((name, value)) = line.split_once(':')
            && let (Ok(name), Ok(value)) = (
                actix_web::http::header::HeaderName::from_bytes(name.trim().as_bytes()),
                actix_web::http::header::HeaderValue::from_str(value.trim()),
            )
        {
            request = request.append_header((name, value));
        }
    }
    call(request.set_payload(body.to_vec()));
});
