//! `GET /v2/spaces?q=…` with arbitrary bytes as the `q` value (percent-encoded as a client would send them).
#![no_main]

use actix_web::test::TestRequest;
use libfuzzer_sys::fuzz_target;
use percent_encoding::{NON_ALPHANUMERIC, percent_encode};
use spaceport_fuzz::{CF_AUTH, call};

fuzz_target!(|q: &[u8]| {
    let uri = format!("/v2/spaces?q={}", percent_encode(q, NON_ALPHANUMERIC));
    call(TestRequest::get().uri(&uri).insert_header(CF_AUTH));
});
