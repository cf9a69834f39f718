//! `POST /v2/spaces` with arbitrary bytes as its JSON body (duplicate keys, deep nesting, bad UTF-8).
#![no_main]

use actix_web::test::TestRequest;
use libfuzzer_sys::fuzz_target;
use spaceport_fuzz::{CF_AUTH, call};

fuzz_target!(|body: &[u8]| {
    call(
        TestRequest::post()
            .uri("/v2/spaces")
            .insert_header(CF_AUTH)
            .insert_header(("Content-Type", "application/json"))
            .set_payload(body.to_vec()),
    );
});
