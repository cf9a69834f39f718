//! `POST /v1/spaces.xml` with arbitrary bytes as its XML body.
#![no_main]

use actix_web::test::TestRequest;
use libfuzzer_sys::fuzz_target;
use spaceport_fuzz::{ASSEMBLA_AUTH, call};

fuzz_target!(|body: &[u8]| {
    call(
        TestRequest::post()
            .uri("/v1/spaces.xml")
            .insert_header(ASSEMBLA_AUTH)
            .insert_header(("Content-Type", "application/xml"))
            .set_payload(body.to_vec()),
    );
});
