//! `POST /v1/spaces.xml` with arbitrary bytes as its XML body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spaceport_fuzz::{ASSEMBLA_AUTH, post};

fuzz_target!(|body: &[u8]| post("/v1/spaces.xml", ASSEMBLA_AUTH, "application/xml", body));
