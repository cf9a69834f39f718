//! `POST /v2/spaces` with arbitrary bytes as its JSON body (duplicate keys, deep nesting, bad UTF-8).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spaceport_fuzz::{CF_AUTH, post};

fuzz_target!(|body: &[u8]| post("/v2/spaces", CF_AUTH, "application/json", body));
