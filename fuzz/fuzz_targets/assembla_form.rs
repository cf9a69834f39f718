//! `POST /v1/spaces.json` with arbitrary bytes as its form body (Rails' brackets, repeated keys, %-encoding).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spaceport_fuzz::{ASSEMBLA_AUTH, post};

fuzz_target!(|body: &[u8]| post(
    "/v1/spaces.json",
    ASSEMBLA_AUTH,
    "application/x-www-form-urlencoded",
    body
));
