//! `POST /provider/spaces` with arbitrary bytes as its JSON body.
#![no_main]

use actix_web::test::TestRequest;
use libfuzzer_sys::fuzz_target;
use spaceport_fuzz::{ONEZONE_AUTH, call};

fuzz_target!(|body: &[u8]| {
    call(
        TestRequest::post()
            .uri("/provider/spaces")
            .insert_header(ONEZONE_AUTH)
            .insert_header(("Content-Type", "application/json"))
            .set_payload(body.to_vec()),
    );
});
