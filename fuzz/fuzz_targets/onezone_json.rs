//! `POST /provider/spaces` with arbitrary bytes as its JSON body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spaceport_fuzz::{ONEZONE_AUTH, post};

fuzz_target!(|body: &[u8]| post("/provider/spaces", ONEZONE_AUTH, "application/json", body));
