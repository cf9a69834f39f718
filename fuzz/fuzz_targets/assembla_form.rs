//! `POST /v1/spaces.json` with arbitrary bytes as its form body (Rails' brackets, repeated keys, %-encoding).
#![no_main]

use actix_web::test::TestRequest;
use libfuzzer_sys::fuzz_target;
use spaceport_fuzz::{ASSEMBLA_AUTH, call};

fuzz_target!(|body: &[u8]| {
    call(
        TestRequest::post()
            .uri("/v1/spaces.json")
            .insert_header(ASSEMBLA_AUTH)
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload(body.to_vec()),
    );
});
